import { encodeGlobalID } from '@pothos/plugin-relay';
import { type Client, createClient } from 'graphql-ws';
import type pg from 'pg';
import WebSocket from 'ws';
import type { SyncPhase, SyncRunStatus } from '../src/entities/sync-run.js';
import { publishSyncProgress } from '../src/sync/progress.js';
import { sleep } from './support/util.js';

type Queryable = Pick<pg.Pool, 'query'>;

export interface SeededJob {
  workspaceId: string;
  syncJobId: string;
  runId: string;
  /** The sync job's global id, as clients pass it to syncProgress. */
  globalId: string;
}

/** A folder, audience, list, sync job and run of the workspace, inserted directly. */
export async function seedSyncJob(db: Queryable, workspaceId: string): Promise<SeededJob> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const { rows } = await db.query<{ job: string; run: string }>(
    `with folder as (
       insert into audience_folder (workspace_id, name, path) values ($1, 'F ' || $2, 'F ' || $2)
       returning id
     ), audience as (
       insert into audience (workspace_id, folder_id, external_id, name)
       select $1, id, 'ext-' || $2, 'A ' || $2 from folder returning id
     ), list as (
       insert into static_list (workspace_id, name) values ($1, 'L ' || $2) returning id
     ), job as (
       insert into sync_job (workspace_id, audience_id, list_id)
       select $1, audience.id, list.id from audience, list returning id
     ), run as (
       insert into sync_run (workspace_id, sync_job_id, trigger)
       select $1, id, 'INITIAL' from job returning id, sync_job_id
     )
     select sync_job_id::text as job, id::text as run from run`,
    [workspaceId, suffix],
  );
  const { job, run } = rows[0];
  return {
    workspaceId,
    syncJobId: job,
    runId: run,
    globalId: encodeGlobalID('SyncJob', job),
  };
}

export interface Step {
  status: SyncRunStatus;
  phase: SyncPhase;
  processed: number;
  total: number;
}

/** A whole run: every phase, progress in between, and SUCCEEDED with stats at the end. */
export function runSteps(progressPerPhase = 3, total = 1_000): Step[] {
  const steps: Step[] = [{ status: 'RUNNING', phase: 'QUEUED', processed: 0, total }];
  let processed = 0;
  for (const phase of [
    'LOADING_AUDIENCE',
    'RESOLVING_IDENTITIES',
    'WRITING_MEMBERSHIPS',
  ] as const) {
    for (let i = 0; i < progressPerPhase; i++) {
      processed = Math.min(total, processed + Math.ceil(total / (3 * progressPerPhase)));
      steps.push({ status: 'RUNNING', phase, processed, total });
    }
  }
  steps.push({ status: 'SUCCEEDED', phase: 'COMPLETED', processed: total, total });
  return steps;
}

export const STATS = {
  audienceSize: 1000,
  ecidsWithCookie: 800,
  ecidsWithLead: 600,
  ecidsWithoutCookie: 200,
  ecidsAnonymousOnly: 200,
  matchedLeads: 550,
  listSize: 560,
  added: 550,
  removed: 0,
};

/** Publishes the steps one by one, as a worker would. */
export async function publishSteps(db: Queryable, job: SeededJob, steps: Step[], pauseMs = 0) {
  for (const step of steps) {
    await publishSyncProgress(db, {
      workspaceId: job.workspaceId,
      syncJobId: job.syncJobId,
      runId: job.runId,
      ...step,
      stats: step.status === 'SUCCEEDED' ? STATS : null,
    });
    if (pauseMs) await sleep(pauseMs);
  }
}

export const SYNC_PROGRESS = /* GraphQL */ `
  subscription SyncProgress($syncJobId: ID!, $afterSequence: Int) {
    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) {
      syncJobId
      sequence
      status
      phase
      processed
      total
      percent
      stats {
        matchedLeads
      }
    }
  }
`;

export interface ProgressPayload {
  syncJobId: string;
  sequence: number;
  status: string;
  phase: string;
  processed: number;
  total: number;
  percent: number;
  stats: { matchedLeads: number } | null;
}

type GqlError = { message: string; extensions?: { code?: string } };

export function wsUrl(httpUrl: string) {
  return `${httpUrl.replace(/^http/, 'ws')}/graphql`;
}

/** A graphql-ws client that never retries, and reports how its socket closed. */
export function wsClient(httpUrl: string, token: string | null) {
  let closed: (event: { code: number; reason: string }) => void = () => {};
  const closedWith = new Promise<{ code: number; reason: string }>((resolve) => {
    closed = resolve;
  });
  let socket: WebSocket | null = null;
  const client = createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: {
      connected: (s) => {
        socket = s as WebSocket;
      },
      closed: (event) => closed(event as { code: number; reason: string }),
    },
  });
  return {
    client,
    closedWith,
    /** Drops the connection as a network failure would (no close frame). */
    kill: () => socket?.terminate(),
  };
}

export interface Collected<T> {
  items: T[];
  /** Resolves when the stream ended: normally, with GraphQL errors, or with a close. */
  done: Promise<{ errors?: GqlError[]; closeCode?: number }>;
  /** Resolves once `predicate` holds for the items collected so far. */
  until(predicate: (items: T[]) => boolean): Promise<T[]>;
  stop(): void;
}

function collector<T>() {
  const items: T[] = [];
  const waiters: { predicate: (items: T[]) => boolean; resolve: (items: T[]) => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.predicate(items)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(items);
      }
    }
  };
  return {
    items,
    add(item: T) {
      items.push(item);
      check();
    },
    until(predicate: (items: T[]) => boolean) {
      return new Promise<T[]>((resolve, reject) => {
        waiters.push({ predicate, resolve });
        check();
        setTimeout(() => reject(new Error(`timed out with ${items.length} items`)), 15_000).unref();
      });
    },
  };
}

/** Subscribes over graphql-ws and collects `field` of every result. */
export function subscribeWs<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Collected<T> {
  const c = collector<T>();
  let stop = () => {};
  const done = new Promise<{ errors?: GqlError[]; closeCode?: number }>((resolve) => {
    stop = client.subscribe(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) resolve({ errors: result.errors as GqlError[] });
          else c.add((result.data as Record<string, T>)[field]);
        },
        error: (error) => {
          if (Array.isArray(error)) resolve({ errors: error as GqlError[] });
          else resolve({ closeCode: (error as { code?: number }).code });
        },
        complete: () => resolve({}),
      },
    );
  });
  return { items: c.items, done, until: c.until, stop: () => stop() };
}

/**
 * Subscribes over SSE: yoga's own on /graphql, or the graphql-sse protocol on
 * /graphql/stream (distinct connections mode). Both send `event: next` / `event: complete`.
 */
export async function subscribeSse<T>(
  httpUrl: string,
  path: '/graphql' | '/graphql/stream',
  token: string | null,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Promise<Collected<T> & { status: number }> {
  const abort = new AbortController();
  const response = await fetch(`${httpUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const c = collector<T>();
  const done = (async () => {
    if (response.status !== 200 || !response.body) return {};
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const event = /^event: (.*)$/m.exec(message)?.[1];
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (event === 'complete') return {};
          if (!data) continue;
          const result = JSON.parse(data) as { data?: Record<string, T>; errors?: GqlError[] };
          if (result.errors) return { errors: result.errors };
          if (result.data) c.add(result.data[field]);
        }
      }
    } catch (error) {
      // Aborted by stop(), or the server went away: the stream has ended either way.
      if (abort.signal.aborted) return {};
      return { errors: [{ message: (error as Error).message }] };
    }
    return {};
  })();
  return {
    status: response.status,
    items: c.items,
    done,
    until: c.until,
    stop: () => abort.abort(),
  };
}

/** The sequences seen, to compare streams and check "each exactly once, in order". */
export const sequences = (items: { sequence: number }[]) => items.map((item) => item.sequence);

export const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
