import type pg from 'pg';
import { SYNC_WAKEUP_CHANNEL } from '../db/channels.js';
import type { Queryable } from '../db/transaction.js';
import type { QueueDepth } from '../observability/metrics.js';

/**
 * Everything the sync engine knows about scheduling in one place: how a sync job maps onto
 * graphile-worker (task, job key, queue, priority), every read and write of graphile-worker's
 * tables, the run lock, the reconcile due time, and how run attempts and queue attempts
 * interact.
 *
 * Fairness between workspaces. Every run job of a workspace is in that workspace's graphile
 * queue, and graphile-worker runs one job of a queue at a time, on any number of workers: a
 * workspace holds at most one slot at once, so its backlog of full runs leaves every other
 * slot to the other workspaces (and a sync job's runs stay one at a time, as its runs share
 * the queue). Which waiting run a free slot takes is graphile-worker's order, priority then
 * due time, and the priority is the run's place: 2 x place + 1 for a full run, where the
 * place is the runs of its workspace running or waiting ahead of it (only INCREMENTAL runs
 * count as ahead of an INCREMENTAL one) plus the turns its workspace was served since its line
 * was last empty (rerankWorkspace, when a run ends). So a workspace with nothing queued goes
 * first, busy workspaces take turns, a workspace's cheap INCREMENTAL runs go before its full
 * ones, and among equals the oldest goes first.
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
 * - A worker that stops (SIGTERM) interrupts its runs still resolving and hands them back: the
 *   attempt is given back, the run stays RUNNING with its claimed changes, its job ends
 *   normally and a new job is added under the key at once, for another worker or this one
 *   after its restart (src/sync/runner.ts: handBack). A stop is no failure of the run.
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

const KEY_PREFIX = 'sync_job:';

/**
 * One graphile job key per sync job: it folds bursts of triggers into one pending job. The
 * job also carries it as its flag, which names the sync job of a running job (whose key
 * graphile-worker releases when a trigger queues its follow-up).
 */
export const syncJobKey = (syncJobId: string) => `${KEY_PREFIX}${syncJobId}`;

/**
 * One graphile queue per workspace: graphile-worker runs one job of a queue at a time, so a
 * workspace executes one run at a time, whichever worker holds it (see Fairness above).
 */
export const workspaceQueue = (workspaceId: string) => `sync_workspace:${workspaceId}`;

/**
 * SQL naming the sync job of a row `j` of graphile_worker.jobs: its flag, or for a job queued
 * before flags were set, its queue, which was then named after the sync job.
 */
const SYNC_JOB_OF_JOB = `coalesce(
  (select substr(f, ${KEY_PREFIX.length + 1}) from jsonb_object_keys(j.flags) f
   where f like '${KEY_PREFIX}%' limit 1),
  case when j.queue_name like '${KEY_PREFIX}%' then substr(j.queue_name, ${KEY_PREFIX.length + 1}) end)`;

/**
 * SQL of a waiting or running job (`j`): what counts in a workspace's line. A job that used
 * up its attempts stays in graphile's table, but waits for nothing.
 */
const IN_LINE = '(j.locked_at is not null or j.attempts < j.max_attempts)';

/**
 * Highest place counted: graphile-worker stores the priority (2 x place + 1 for a full run) as
 * a smallint. Places beyond it are equal, in due-time order.
 */
const MAX_PLACE = 16_383;

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
 * Adds (or folds into) the graphile job of a sync job, in its workspace's queue, at its place
 * in the workspace's line (see Fairness above; an INCREMENTAL run is one whose QUEUED run is
 * INCREMENTAL, so a stronger trigger folded in moves it back to the full runs). With a delay
 * the pending job keeps its run_at (debounce); without one it is pulled forward to now.
 * Either way its due time is announced on SYNC_WAKEUP_CHANNEL (delivered at COMMIT), so every
 * worker process starts it when due instead of at its next poll. An immediate job is also
 * announced by graphile-worker's own NOTIFY, which should be enough; yet in one of ten traced
 * bench runs the INITIAL run still started only at the next poll, 250 ms later (the get_job
 * that NOTIFY caused found nothing, for a reason not found), and the wakeup, one more NOTIFY,
 * makes the start independent of it. A job already running has its key released by
 * graphile-worker, so this queues exactly one follow-up behind it.
 */
export async function addRunJob(
  tx: Queryable,
  payload: SyncRunPayload,
  delayMs: number,
): Promise<void> {
  const key = syncJobKey(payload.syncJobId);
  await tx.query(
    `with kind as (
       select coalesce((select trigger = 'INCREMENTAL' from sync_run
         where sync_job_id = $9::bigint and status = 'QUEUED' order by id limit 1), false) as incremental
     ), line as (
       select j.priority, j.locked_at is not null as running from graphile_worker.jobs j
       where j.queue_name = $8 and j.key is distinct from $3 and ${IN_LINE}
     ), job as (
       select * from graphile_worker.add_job($1, $2::json, queue_name => $8,
         run_at => now() + $4 * interval '1 millisecond', max_attempts => $7::int, job_key => $3,
         job_key_mode => $5, flags => array[$3],
         priority => (
           select (2 * least(${MAX_PLACE}, coalesce(min(l.priority), 0) / 2
               + count(*) filter (where l.running)
               + count(*) filter (where not l.running and (not k.incremental or l.priority % 2 = 0)))
             + case when k.incremental then 0 else 1 end)::int
           from kind k left join line l on true group by k.incremental))
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
      workspaceQueue(payload.workspaceId),
      payload.syncJobId,
    ],
  );
}

/**
 * How long after a run ends its workspace's next run is announced on SYNC_WAKEUP_CHANNEL:
 * the workspace's queue is unlocked only once graphile-worker has recorded the job complete,
 * just after the task returns, and the worker's own look for its next job races with that, so
 * the next run of a busy workspace would often wait for the next poll (up to the poll interval
 * between two runs of one workspace). A wakeup that comes too early costs one empty look;
 * the poll still catches the run then.
 */
export const NEXT_RUN_WAKEUP_MS = 10;

/**
 * Counts the places of a workspace's waiting runs again once one of its runs ends (see
 * Fairness above): each moves up by the runs that ended, and the whole line moves back by one
 * for the run just served. A workspace with a backlog thus goes back in line each time it is
 * served, so busy workspaces take turns, each behind any workspace served fewer times since
 * its line was last empty. Only waiting jobs move (graphile-worker's reschedule_jobs leaves
 * locked ones alone). When runs wait, the next is announced NEXT_RUN_WAKEUP_MS from now.
 */
export async function rerankWorkspace(db: Queryable, workspaceId: string): Promise<void> {
  await db.query(
    `with line as (
       select j.id, j.priority, j.run_at, j.locked_at is not null as running
       from graphile_worker.jobs j where j.queue_name = $1 and ${IN_LINE}
     ), waiting as (
       select l.id, l.priority, l.run_at, 2 * least(${MAX_PLACE}, (select min(priority) from line) / 2
           + row_number() over (order by l.priority % 2, l.run_at, l.id)) + l.priority % 2 as place
       from line l where not l.running
     ), moved as (
       select count(*) as n from waiting w,
         lateral graphile_worker.reschedule_jobs(array[w.id],
           priority => w.place::int)
       where w.place <> w.priority
     )
     select moved.n,
       case when exists (select 1 from waiting where run_at <= now()) then pg_notify($2, $3) end
     from moved`,
    [workspaceQueue(workspaceId), SYNC_WAKEUP_CHANNEL, String(NEXT_RUN_WAKEUP_MS)],
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
  const locked = await db.query<{ locked_by: string; sync_job_id: string | null; locked_at: Date }>(
    `select * from (
       select j.locked_by, j.locked_at, ${SYNC_JOB_OF_JOB} as sync_job_id
       from graphile_worker.jobs j
       where j.task_identifier = $1 and j.locked_at < now() - $2 * interval '1 millisecond'
     ) j
     where j.sync_job_id is not null and not exists (
       select 1 from sync_run r where r.sync_job_id::text = j.sync_job_id
       and r.status = 'RUNNING' and r.heartbeat_at > now() - $2 * interval '1 millisecond')`,
    [SYNC_RUN_TASK, staleAfterMs],
  );
  return locked.rows.flatMap((row) =>
    row.sync_job_id
      ? [{ syncJobId: row.sync_job_id, lockedBy: row.locked_by, lockedAt: row.locked_at }]
      : [],
  );
}

/**
 * How many sync run jobs are ready, scheduled (waiting for a debounce) and running, how long
 * the oldest ready one has waited since it fell due, and how long ago the oldest RUNNING run
 * started: the queue /metrics reports. Gives up after 2 s, so a scrape against a silent
 * database answers without it rather than hang.
 */
export async function runJobCounts(pool: Pick<pg.Pool, 'query'>): Promise<QueueDepth> {
  const { rows } = await pool.query<QueueDepth>({
    text: `select count(*) filter (where locked_at is null and run_at <= now())::int as ready,
             count(*) filter (where locked_at is null and run_at > now())::int as scheduled,
             count(*) filter (where locked_at is not null)::int as running,
             coalesce(extract(epoch from now() - min(run_at)
               filter (where locked_at is null and run_at <= now())), 0)::float8
               as "oldestReadySeconds",
             coalesce((select extract(epoch from now() - min(started_at)) from sync_run
                        where status = 'RUNNING'), 0)::float8 as "oldestRunningSeconds"
           from graphile_worker.jobs where task_identifier = $1`,
    values: [SYNC_RUN_TASK],
    query_timeout: 2_000,
  } as pg.QueryConfig);
  return (
    rows[0] ?? {
      ready: 0,
      scheduled: 0,
      running: 0,
      oldestReadySeconds: 0,
      oldestRunningSeconds: 0,
    }
  );
}
