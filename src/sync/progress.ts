import type pg from 'pg';
import { SYNC_JOB_CHANGED_CHANNEL, SYNC_PROGRESS_CHANNEL } from '../db/channels.js';
import type { SyncJobStatus } from '../entities/sync-job.js';
import type { SyncPhase, SyncRunStatus, SyncStats } from '../entities/sync-run.js';

/** One progress event as stored in sync_event and announced on SYNC_PROGRESS_CHANNEL. */
export interface SyncProgressEvent {
  workspaceId: string;
  syncJobId: string;
  runId: string;
  sequence: number;
  status: SyncRunStatus;
  phase: SyncPhase;
  processed: number;
  total: number;
  stats: SyncStats | null;
  at: string;
}

/** On SYNC_PROGRESS_CHANNEL: the job is gone, so its progress subscriptions complete. */
export interface SyncJobDeletedNotice {
  workspaceId: string;
  syncJobId: string;
  deleted: true;
}

/** A deleted sync job as it was just before its deletion (its row no longer exists). */
export interface DeletedSyncJob {
  id: string;
  audienceId: string;
  listId: string;
  status: SyncJobStatus;
  createdAt: string;
  nextRunAt: string | null;
  deletedAt: string;
}

export interface SyncJobChangedEvent {
  workspaceId: string;
  syncJobId: string;
  /** Set when the job was deleted: what subscribers are told about it, since it cannot be loaded. */
  deleted?: DeletedSyncJob;
}

/**
 * What share of `total` resolving takes; writing the list takes the rest. Writing takes about
 * a fifth of a run, so resolution counts for four fifths: the bar keeps moving while the list
 * is written and `processed` reaches `total` only when the run completes.
 */
export const RESOLVING_SHARE = 4 / 5;

/**
 * `processed` once `resolved` of a run's `total` items are resolved (the audience's ECIDs in
 * a full run, the affected leads in an incremental one): `total` stays the items themselves,
 * as a person counts them, and resolving them all reaches RESOLVING_SHARE of it.
 */
export function resolvedProgress(resolved: number): number {
  return Math.floor(resolved * RESOLVING_SHARE);
}

/**
 * The percent a progress event shows: processed / total, 100 only once the run succeeded (a
 * run still writing, or one that failed, stays below it whatever its counters say).
 */
export function progressPercent(
  event: Pick<SyncProgressEvent, 'status' | 'processed' | 'total'>,
): number {
  if (event.status === 'SUCCEEDED') return 100;
  if (event.total <= 0) return 0;
  return Math.min(99.99, Math.round((event.processed / event.total) * 10_000) / 100);
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

const EVENT_COLUMNS = `workspace_id::text as "workspaceId", sync_job_id::text as "syncJobId",
  run_id::text as "runId", sequence, status, phase, processed, total, stats,
  to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at`;

/**
 * A running run's report: stored only while the job is active and the run still RUNNING, so
 * that nothing of a run follows the CANCELLED event a pause or deletion published for it (the
 * job's row is locked first, as a pause locks it, and rechecked once that lock is granted).
 */
const RUNNING_ONLY = `and status = 'ACTIVE' and exists (
         select 1 from sync_run where id = $3 and workspace_id = $1 and status = 'RUNNING')`;

/**
 * Also sets the run's phase and counters (and heartbeat) to the event's, in the statement
 * that publishes it: a running run's row mirrors its latest event without a round trip of
 * its own.
 */
const MIRROR_ON_RUN = `, mirrored as (
       update sync_run set phase = $5, processed = $6, total = $7, heartbeat_at = now()
       where id = $3 and workspace_id = $1 and status = 'RUNNING' and exists (select 1 from next)
     )`;

/**
 * Stores a progress event with the job's next sequence number and announces it, in one
 * statement: the sequence comes from the sync_job row (locked for the update), so numbers
 * are gap-free per job and survive restarts, and NOTIFY is delivered only on commit. With
 * `mirrorOnRun` (a running run's report), the same statement also copies phase and counters
 * onto the run row, and stores nothing (it throws) once the run no longer runs.
 */
export async function publishSyncProgress(
  db: Queryable,
  event: Omit<SyncProgressEvent, 'sequence' | 'at'>,
  options: { mirrorOnRun?: boolean } = {},
): Promise<SyncProgressEvent> {
  const result = await db.query<SyncProgressEvent>(
    `with next as (
       update sync_job set last_sequence = last_sequence + 1
       where id = $2 and workspace_id = $1 ${options.mirrorOnRun ? RUNNING_ONLY : ''}
       returning last_sequence
     )${options.mirrorOnRun ? MIRROR_ON_RUN : ''}, stored as (
       insert into sync_event (workspace_id, sync_job_id, sequence, run_id, status, phase, processed, total, stats, at)
       select $1, $2, next.last_sequence, $3, $4, $5, $6, $7, $8::jsonb, clock_timestamp() from next
       returning ${EVENT_COLUMNS}
     )
     select stored.*, pg_notify('${SYNC_PROGRESS_CHANNEL}', row_to_json(stored)::text) from stored`,
    [
      event.workspaceId,
      event.syncJobId,
      event.runId,
      event.status,
      event.phase,
      event.processed,
      event.total,
      event.stats === null ? null : JSON.stringify(event.stats),
    ],
  );
  const row = result.rows[0];
  if (!row) {
    throw new Error(
      options.mirrorOnRun
        ? `sync run ${event.runId} is no longer running`
        : `sync job ${event.syncJobId} does not exist`,
    );
  }
  const { pg_notify: _ignored, ...stored } = row as SyncProgressEvent & { pg_notify?: unknown };
  return stored;
}

/** Announces that a sync job changed status or finished a run (delivered on commit). */
export async function publishSyncJobChanged(
  db: Queryable,
  event: SyncJobChangedEvent,
): Promise<void> {
  await db.query('select pg_notify($1, $2)', [SYNC_JOB_CHANGED_CHANNEL, JSON.stringify(event)]);
}

/**
 * Announces that a sync job is being deleted, from the caller's transaction before it deletes
 * the row (delivered on commit, nothing on rollback): its progress subscriptions complete, and
 * syncJobChanged carries the job as it was, with `deletedAt`. False when the job does not exist.
 */
export async function publishSyncJobDeleted(
  db: Queryable,
  workspaceId: string,
  syncJobId: string,
): Promise<boolean> {
  const result = await db.query(
    `select
       pg_notify('${SYNC_PROGRESS_CHANNEL}', json_build_object(
         'workspaceId', workspace_id::text, 'syncJobId', id::text, 'deleted', true)::text),
       pg_notify('${SYNC_JOB_CHANGED_CHANNEL}', json_build_object(
         'workspaceId', workspace_id::text, 'syncJobId', id::text,
         'deleted', json_build_object(
           'id', id::text, 'audienceId', audience_id::text, 'listId', list_id::text,
           'status', status, 'createdAt', created_at, 'nextRunAt', next_run_at,
           'deletedAt', now()))::text)
     from sync_job where id = $1 and workspace_id = $2`,
    [syncJobId, workspaceId],
  );
  return (result.rowCount ?? 0) > 0;
}

/** Stored events of a job after `afterSequence`, in order (for replay and catch-up). */
export async function storedSyncProgress(
  db: Queryable,
  workspaceId: string,
  syncJobId: string,
  afterSequence: number,
  limit = 1000,
): Promise<SyncProgressEvent[]> {
  const result = await db.query<SyncProgressEvent>(
    `select ${EVENT_COLUMNS} from sync_event
     where workspace_id = $1 and sync_job_id = $2 and sequence > $3
     order by sequence limit $4`,
    [workspaceId, syncJobId, afterSequence, limit],
  );
  return result.rows;
}

/** The latest stored event of each job, in the order asked (null for a job without events). */
export async function latestSyncProgress(
  db: Queryable,
  workspaceId: string,
  syncJobIds: readonly string[],
): Promise<(SyncProgressEvent | null)[]> {
  const result = await db.query<SyncProgressEvent>(
    `select distinct on (sync_job_id) ${EVENT_COLUMNS}
     from sync_event where workspace_id = $1 and sync_job_id = any($2::bigint[])
     order by sync_job_id, sequence desc`,
    [workspaceId, syncJobIds],
  );
  const byJob = new Map(result.rows.map((row) => [row.syncJobId, row]));
  return syncJobIds.map((id) => byJob.get(id) ?? null);
}
