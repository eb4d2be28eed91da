import type { Queryable } from '../db/transaction.js';

/**
 * Everything the sync engine knows about scheduling in one place: how a sync job maps onto
 * graphile-worker (task, job key, queue), every read and write of graphile-worker's tables,
 * the run lock, the reconcile due time, and how run attempts and queue attempts interact.
 *
 * Attempts. A run (`sync_run.attempts`) and the graphile job that executes it count attempts
 * separately, and the run's count decides:
 *
 * - Every claim of a run by the runner counts one run attempt, crashes included (the count is
 *   committed when the run is claimed, before any work). A claim that finds the run at
 *   MAX_RUN_ATTEMPTS ends it FAILED with its last error; the next trigger queues a fresh run.
 * - A failed attempt below that limit throws, so graphile-worker retries its job after its own
 *   backoff (exp(job attempts) seconds: about 2.7 s, then 7.4 s) and the retry claims the same
 *   run (a RUNNING run is claimed before the QUEUED one). The attempt that reaches the limit
 *   ends the run FAILED and returns normally, so run failures alone cost a graphile job at most
 *   MAX_RUN_ATTEMPTS of its attempts.
 * - QUEUE_MAX_ATTEMPTS is therefore never what ends a run. It only bounds failures that happen
 *   before a claim and so count no run attempt (the run lock still held by a session on its way
 *   out, a lost connection), high enough that such hiccups do not use it up; were it used up,
 *   the run would wait QUEUED for the next trigger, whose add_job resets the count.
 * - Every trigger re-adds the job under the same key: a job waiting for its retry gets its
 *   attempts reset to 0 and runs at the trigger's time. A job already running has its key
 *   released by graphile-worker (and its own attempts set to the maximum, so it is not retried
 *   itself); the new job under the key is the follow-up, and it claims the interrupted RUNNING
 *   run first if that attempt failed.
 * - A worker that dies mid-run leaves its job locked; the watchdog (src/sync/worker.ts) unlocks
 *   it (forceUnlockWorkers), graphile-worker runs it again, and the claim counts the attempt.
 */

/** A run is tried this many times (crashes included) before it ends FAILED. */
export const MAX_RUN_ATTEMPTS = 3;
/** graphile-worker's own limit per job; see the attempts rule above for why it is higher. */
export const QUEUE_MAX_ATTEMPTS = 25;

/** graphile-worker task that executes the pending run of one sync job. */
export const SYNC_RUN_TASK = 'sync_run';

export interface SyncRunPayload {
  workspaceId: string;
  syncJobId: string;
}

/** NOTIFY channel telling worker processes that a run falls due in `payload` ms (0: now). */
export const SYNC_WAKEUP_CHANNEL = 'sync_wakeup';

const KEY_PREFIX = 'sync_job:';

/**
 * One graphile job key and one queue per sync job, both named by this: the key folds bursts of
 * triggers into one pending job, the queue keeps runs of a job strictly one at a time across
 * every worker.
 */
export const syncJobKey = (syncJobId: string) => `${KEY_PREFIX}${syncJobId}`;

/** The sync job a graphile queue belongs to, or null for a queue of something else. */
export const syncJobIdOfQueue = (queueName: string) =>
  queueName.startsWith(KEY_PREFIX) ? queueName.slice(KEY_PREFIX.length) : null;

/**
 * Advisory lock key of a sync job ($1 is its id): held by the session executing its run, for
 * its duration. PostgreSQL drops it with a dead session, which is how the watchdog tells a
 * dead executor from a slow one.
 */
export const RUN_LOCK_SQL = `hashtextextended('sync_job:' || $1::text, 0)`;

/**
 * SQL for the next SCHEDULED reconcile of a job, `$n` milliseconds from now (the value of
 * SYNC_RECONCILE_INTERVAL_MS); it is what `sync_job.next_run_at` holds while a job is active.
 */
export const nextReconcileSql = (param: `$${number}`) =>
  `now() + ${param} * interval '1 millisecond'`;

/**
 * Adds (or folds into) the graphile job of a sync job. With a delay the pending job keeps its
 * run_at (debounce); without one it is pulled forward to now. Either way its due time is
 * announced on SYNC_WAKEUP_CHANNEL (delivered at COMMIT), so every worker process starts it
 * when due instead of at its next poll. An immediate job is also announced by
 * graphile-worker's own NOTIFY, which should be enough; yet in one of ten traced bench runs
 * the INITIAL run still started only at the next poll, 250 ms later (the get_job that NOTIFY
 * caused found nothing, for a reason not found), and the wakeup, one more NOTIFY, makes the
 * start independent of it. A job already running has its key released by graphile-worker, so
 * this queues exactly one follow-up behind it.
 */
export async function addRunJob(
  tx: Queryable,
  payload: SyncRunPayload,
  delayMs: number,
): Promise<void> {
  const key = syncJobKey(payload.syncJobId);
  await tx.query(
    `with job as (
       select * from graphile_worker.add_job($1, $2::json, queue_name => $3,
         run_at => now() + $4 * interval '1 millisecond', max_attempts => $7::int, job_key => $3,
         job_key_mode => $5)
     )
     select pg_notify($6,
         greatest(0, ceil(extract(epoch from (job.run_at - clock_timestamp())) * 1000))::bigint::text)
       from job`,
    [
      SYNC_RUN_TASK,
      JSON.stringify(payload),
      key,
      delayMs,
      delayMs > 0 ? 'preserve_run_at' : 'replace',
      SYNC_WAKEUP_CHANNEL,
      QUEUE_MAX_ATTEMPTS,
    ],
  );
}

/**
 * Removes the pending graphile job of a sync job (pause, delete). A job already running is
 * left alone by graphile-worker; its run then finds the job paused or gone.
 */
export async function removeRunJob(tx: Queryable, syncJobId: string): Promise<void> {
  await tx.query('select graphile_worker.remove_job($1)', [syncJobKey(syncJobId)]);
}

/** Whether the sync job has a graphile job waiting to start (not one that is running). */
export async function hasWaitingRunJob(db: Queryable, syncJobId: string): Promise<boolean> {
  const pending = await db.query(
    'select 1 from graphile_worker.jobs where key = $1 and locked_at is null',
    [syncJobKey(syncJobId)],
  );
  return (pending.rowCount ?? 0) > 0;
}

export interface StaleRunJob {
  syncJobId: string;
  lockedBy: string;
  lockedAt: Date;
}

/**
 * Sync run jobs locked for longer than `staleAfterMs` whose run has not heartbeaten for as
 * long: the candidates of the watchdog (their executor may be dead or only slow).
 */
export async function staleRunJobs(db: Queryable, staleAfterMs: number): Promise<StaleRunJob[]> {
  const locked = await db.query<{ locked_by: string; queue_name: string | null; locked_at: Date }>(
    `select j.locked_by, j.queue_name, j.locked_at from graphile_worker.jobs j
     where j.task_identifier = $1 and j.locked_at < now() - $2 * interval '1 millisecond'
     and not exists (
       select 1 from sync_run r where r.sync_job_id::text = substr(j.queue_name, $3)
       and r.status = 'RUNNING' and r.heartbeat_at > now() - $2 * interval '1 millisecond')`,
    [SYNC_RUN_TASK, staleAfterMs, KEY_PREFIX.length + 1],
  );
  return locked.rows.flatMap((row) => {
    const syncJobId = syncJobIdOfQueue(row.queue_name ?? '');
    return syncJobId ? [{ syncJobId, lockedBy: row.locked_by, lockedAt: row.locked_at }] : [];
  });
}
