/**
 * Subscriptions bench: N concurrent graphql-ws subscribers (one connection each, as N
 * dashboards would be) on one api process while progress events are published.
 *
 *   benchSubscriptions(options: SubscriptionsBenchOptions): Promise<SubscriptionsBenchResult>
 *
 * Options: `url` of the api process, `databaseUrl`, `workspaceId`, `serverPid` (for RSS),
 * `subscribers` (default 1,000), and either synthetic events (`events`, default 60, one per
 * `intervalMs`, default 250 = PROGRESS_THROTTLE_MS, published from this process as a worker
 * would) or `run: { syncJobId, start }` to measure a real run executed by a worker (e.g.
 * runSyncJobNow on an idle sync job of the 1M-ECID audience): the subscribers connect first,
 * then `start` triggers the run and the bench waits for its SUCCEEDED or FAILED.
 * Latency is from the event's `at` (set by PostgreSQL as the event is stored and announced)
 * to the client's receipt. `lost` counts (subscriber, sequence) pairs never delivered between
 * the subscription's start and the terminal event; it must be 0.
 *
 * Alone: `npx tsx bench/subscriptions.ts [subscribers]` (fresh database, ROLE=api child).
 */
import { createHash, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { type Client, createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { publishSyncProgress } from '../src/sync/progress.js';
import { seedSyncJob } from '../test/realtime-fixtures.js';
import { readMemory, readTreeCpuMs, samplePeakRss } from './rss.js';

export interface SubscriptionsBenchOptions {
  /** Base URL of the api process, e.g. http://127.0.0.1:4000. */
  url: string;
  databaseUrl: string;
  workspaceId: string;
  /** The api process (an API_PROCESSES primary counts with its children for CPU), for RSS. */
  serverPid?: number;
  subscribers?: number;
  events?: number;
  intervalMs?: number;
  run?: { syncJobId: string; start(): Promise<void>; timeoutMs?: number };
  log?: (message: string) => void;
}

export interface SubscriptionsBenchResult {
  subscribers: number;
  eventsPublished: number;
  /** Subscriber x event pairs that should have arrived. */
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  latencyMs: { p50: number; p99: number; max: number };
  serverRssMb: { before: number | null; peak: number | null };
  /** CPU seconds while events flowed: the api process, and this process (the clients). */
  cpuSeconds: { server: number | null; clients: number };
  connectSeconds: number;
}

/** CPU seconds (user + system) of the api process and its own api processes, if any. */
function cpuSecondsOf(pid: number): number | null {
  const ms = readTreeCpuMs(pid);
  return ms === null ? null : ms / 1000;
}

/** The per-token connection cap of the api (src/realtime/realtime.ts). */
const CONNECTIONS_PER_TOKEN = 20;

const SUBSCRIPTION = /* GraphQL */ `
  subscription Bench($syncJobId: ID!, $afterSequence: Int) {
    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) { sequence status at }
  }
`;

interface Subscriber {
  client: Client;
  received: Map<number, number>;
  terminal: boolean;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function readTokens(pool: pg.Pool, workspaceId: string, count: number): Promise<string[]> {
  const tokens = Array.from(
    { length: count },
    () => `ast_${randomBytes(32).toString('base64url')}`,
  );
  await pool.query(
    `insert into api_token (workspace_id, token_hash, scopes, label)
     select $1, unnest($2::text[]), '{read}', 'subscriptions bench'`,
    [workspaceId, tokens.map((token) => createHash('sha256').update(token).digest('hex'))],
  );
  return tokens;
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

export async function benchSubscriptions(
  options: SubscriptionsBenchOptions,
): Promise<SubscriptionsBenchResult> {
  const n = options.subscribers ?? 1_000;
  const events = options.events ?? 60;
  const intervalMs = options.intervalMs ?? 250;
  const log = options.log ?? (() => {});
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  const subscribers: Subscriber[] = [];
  const latencies: number[] = [];
  let measuring = false;
  let serverCpuAtStart: number | null = null;
  let clientCpuAtStart = process.cpuUsage();
  const startMeasuring = () => {
    measuring = true;
    serverCpuAtStart = options.serverPid ? cpuSecondsOf(options.serverPid) : null;
    clientCpuAtStart = process.cpuUsage();
  };
  try {
    const job = options.run
      ? { workspaceId: options.workspaceId, syncJobId: options.run.syncJobId, runId: '' }
      : await seedSyncJob(pool, options.workspaceId);
    const globalId = Buffer.from(`SyncJob:${job.syncJobId}`).toString('base64');
    const { rows } = await pool.query<{ last: number }>(
      'select last_sequence as last from sync_job where id = $1',
      [job.syncJobId],
    );
    const baseline = rows[0].last;
    const tokens = await readTokens(
      pool,
      options.workspaceId,
      Math.ceil(n / CONNECTIONS_PER_TOKEN),
    );
    const rssBefore = options.serverPid ? (readMemory(options.serverPid)?.rssMb ?? null) : null;
    const rss = options.serverPid ? samplePeakRss(options.serverPid) : null;

    log(`connecting ${n} graphql-ws subscribers`);
    let connected = 0;
    const connectStart = Date.now();
    const wsUrl = `${options.url.replace(/^http/, 'ws')}/graphql`;
    for (let i = 0; i < n; i++) {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: {
          authorization: `Bearer ${tokens[Math.floor(i / CONNECTIONS_PER_TOKEN)]}`,
        },
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => {},
        on: {
          connected: () => {
            connected++;
          },
        },
      });
      const subscriber: Subscriber = { client, received: new Map(), terminal: false };
      subscribers.push(subscriber);
      // Resuming after the baseline: a subscription that starts late still gets every event.
      client.subscribe(
        { query: SUBSCRIPTION, variables: { syncJobId: globalId, afterSequence: baseline } },
        {
          next: ({ data }) => {
            const event = (
              data as { syncProgress: { sequence: number; status: string; at: string } }
            ).syncProgress;
            if (measuring) latencies.push(Date.now() - Date.parse(event.at));
            subscriber.received.set(
              event.sequence,
              (subscriber.received.get(event.sequence) ?? 0) + 1,
            );
            if (event.status === 'SUCCEEDED' || event.status === 'FAILED')
              subscriber.terminal = true;
          },
          error: () => {},
          complete: () => {},
        },
      );
      if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 20));
    }

    let published = 0;
    const publish = async (status: 'RUNNING' | 'SUCCEEDED', processed: number) => {
      await publishSyncProgress(pool, {
        workspaceId: job.workspaceId,
        syncJobId: job.syncJobId,
        runId: job.runId,
        status,
        phase: status === 'SUCCEEDED' ? 'COMPLETED' : 'RESOLVING_IDENTITIES',
        processed,
        total: events,
        stats: null,
      });
      published++;
    };
    let terminalSequence: number;
    if (options.run) {
      // A real run's events cannot be faked for a warm-up: wait until every connection is
      // acknowledged (its subscribe follows at once), then a moment for the server to start
      // the streams. One that starts late still gets every event (afterSequence), later.
      await until(() => connected === n, 120_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const connectSeconds = (Date.now() - connectStart) / 1000;
      log(`subscribers connected in ~${connectSeconds.toFixed(1)} s; starting the run`);
      startMeasuring();
      await options.run.start();
      await until(() => subscribers.every((s) => s.terminal), options.run.timeoutMs ?? 600_000);
      const last = await pool.query<{ last: number }>(
        'select last_sequence as last from sync_job where id = $1',
        [job.syncJobId],
      );
      terminalSequence = last.rows[0].last;
      published = terminalSequence - baseline;
    } else {
      // A warm-up event that every subscriber must see proves all subscriptions are live.
      await publish('RUNNING', 0);
      const ready = await until(() => subscribers.every((s) => s.received.size > 0), 120_000);
      log(
        `${ready ? 'all' : 'not all'} subscribers live after ${((Date.now() - connectStart) / 1000).toFixed(1)} s`,
      );
      startMeasuring();
      for (let i = 1; i <= events; i++) {
        const started = Date.now();
        await publish(i === events ? 'SUCCEEDED' : 'RUNNING', i);
        const wait = intervalMs - (Date.now() - started);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      terminalSequence = baseline + published;
      await until(() => subscribers.every((s) => s.terminal), 30_000);
    }
    const connectSeconds = (Date.now() - connectStart) / 1000;
    const peak = rss?.stop() ?? null;
    const serverCpuAtEnd = options.serverPid ? cpuSecondsOf(options.serverPid) : null;
    const clientCpu = process.cpuUsage(clientCpuAtStart);

    let delivered = 0;
    let duplicates = 0;
    for (const s of subscribers) {
      for (const [sequence, count] of s.received) {
        if (sequence <= baseline || sequence > terminalSequence) continue;
        delivered++;
        duplicates += count - 1;
      }
    }
    const expected = n * (terminalSequence - baseline);
    latencies.sort((a, b) => a - b);
    return {
      subscribers: n,
      eventsPublished: published,
      expected,
      delivered,
      lost: expected - delivered,
      duplicates,
      latencyMs: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? 0,
      },
      serverRssMb: {
        before: rssBefore === null ? null : Math.round(rssBefore * 10) / 10,
        peak,
      },
      cpuSeconds: {
        server:
          serverCpuAtEnd === null || serverCpuAtStart === null
            ? null
            : Math.round((serverCpuAtEnd - serverCpuAtStart) * 100) / 100,
        clients: Math.round((clientCpu.user + clientCpu.system) / 10_000) / 100,
      },
      connectSeconds,
    };
  } finally {
    await Promise.all(subscribers.map((s) => s.client.dispose()));
    await pool.end();
  }
}

async function main() {
  const { openBenchDatabase } = await import('./database.js');
  const { startServerProcess } = await import('./server-process.js');
  const log = (message: string) => console.error(message);
  const db = await openBenchDatabase(log);
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    const { rows } = await db.database.pool.query<{ id: string }>(
      `insert into workspace (name) values ('Subscriptions bench') returning id::text`,
    );
    server = await startServerProcess({ databaseUrl: db.url, role: 'api' });
    const result = await benchSubscriptions({
      url: server.url,
      databaseUrl: db.url,
      workspaceId: rows[0].id,
      serverPid: server.pid,
      subscribers: Number(process.argv[2] ?? 1_000),
      log,
    });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await server?.stop();
    await db.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
