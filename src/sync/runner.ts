import type pg from 'pg';
import { checkOut, type Queryable, withTransaction } from '../db/transaction.js';
import type { SyncPhase, SyncStats, SyncTrigger } from '../entities/sync-run.js';
import { logger } from '../observability/log.js';
import { queueRunEnded } from '../webhooks/run-events.js';
import { publishSyncJobChanged, publishSyncProgress, resolvedProgress } from './progress.js';
import { addRunJob, hasWaitingRunJob, MAX_RUN_ATTEMPTS, RUN_LOCK_SQL } from './queue.js';
import {
  applyDiff,
  audienceSize,
  type Delta,
  dropStage,
  largestRange,
  listAndMatched,
  prepareStage,
  RangeCutter,
  RESOLUTION_MARK,
  type Resolution,
  resolveAffectedLeads,
  resolveInRanges,
  type Scope,
  stageAffectedLeads,
  syncStats,
} from './resolve.js';
/**
 * At most about this many ECIDs per statement of a full run, up to MAX_SIZED_RANGES ranges;
 * a larger audience's ranges grow instead (src/sync/resolve.ts: resolutionRanges). Each
 * statement hashes the cookie tables again, so ranges stay few; RangeCutter cuts smaller ones
 * where a range would take longer than RANGE_TARGET_MAX_MS.
 */
export const CHUNK_SIZE = 500_000;

export interface RunnerOptions {
  progressThrottleMs: number;
  /** MATCH_RATE_DROP_PERCENT: a full run's match-rate drop above it is announced. */
  matchRateDropPercent: number;
  heartbeatMs: number;
  chunkSize?: number;
  /** Called once per claimed attempt, however it ended (the run's log line and metrics). */
  onRunEnd?: (ended: RunAttempt) => Promise<void>;
  /**
   * Aborted when this process stops: a run still resolving stops at once and is handed back
   * for another worker (or this one after its restart) to run, its attempt not counted; one
   * already writing its list finishes (see executeClaimed).
   */
  signal?: AbortSignal;
}

/** One attempt at a run, as the observers of its end see it (the outcome is on the run row). */
export interface RunAttempt {
  syncJobId: string;
  runId: string;
  trigger: SyncTrigger;
  attempt: number;
  durationMs: number;
}

interface ClaimedRun {
  runId: string;
  trigger: SyncTrigger;
  attempts: number;
  scope: Scope;
  syncJobId: string;
  full: boolean;
  delta: Delta;
}

/**
 * Executes the pending run of a sync job on one dedicated connection: takes the job's
 * advisory lock (a dead worker's lock vanishes with its connection), claims the run, resolves
 * into temp tables, and applies the diff in one transaction that also marks the run
 * SUCCEEDED. An error is recorded on the run and rethrown for a retry, until the last attempt
 * ends the run FAILED (the attempts rule is in src/sync/queue.ts). Returns without work when
 * nothing is pending. A run interrupted by `options.signal` (this process stopping) is queued
 * again at once and this returns normally: the stop is no failure of the run's job.
 */
export async function executePendingRun(
  pool: pg.Pool,
  syncJobId: string,
  options: RunnerOptions,
): Promise<void> {
  // The run's own connection: a backend terminated mid-run fails this attempt (retried as
  // any failed run is), and its 'error' event is caught by checkOut, not by the process.
  const { client, release } = await checkOut(pool);
  let broken: unknown;
  try {
    if (!(await acquireRunLock(client, syncJobId))) {
      throw new Error(`sync job ${syncJobId} is being run by another worker`);
    }
    let interrupted = false;
    try {
      // Started as the process stops: nothing is claimed, the job goes back to the queue.
      if (options.signal?.aborted) {
        interrupted = true;
        return;
      }
      const run = await claimRun(client, syncJobId);
      if (!run) return;
      const started = performance.now();
      await executeClaimed(pool, client, run, options)
        .catch((error) => {
          if (!(error instanceof RunInterrupted)) throw error;
          interrupted = true;
          logger('sync').info(
            { job: syncJobId, run: run.runId },
            'sync run interrupted: the worker is stopping; it is queued again',
          );
        })
        .finally(() =>
          options.onRunEnd?.({
            syncJobId,
            runId: run.runId,
            trigger: run.trigger,
            attempt: run.attempts,
            durationMs: performance.now() - started,
          }),
        );
    } finally {
      // A connection that still holds the lock must not go back to the pool: closed, it
      // lets go of the lock.
      await client
        .query(`select pg_advisory_unlock(${RUN_LOCK_SQL})`, [syncJobId])
        .catch((error) => {
          broken = error;
          throw error;
        });
      await ensureFollowUp(client, syncJobId, interrupted);
    }
  } catch (error) {
    const alive = await client.query('select 1').then(
      () => true,
      () => false,
    );
    if (!alive) broken ??= error;
    throw error;
  } finally {
    release(broken);
  }
}

/**
 * Ends the job's RUNNING run CANCELLED (`reason` its error), when a pause or a deletion of
 * the job stops it: call inside that transaction, which holds the job's row lock, so the run
 * cannot reach its diff meanwhile (the diff's transaction takes the job's row first and
 * applies nothing to a run that no longer runs). Its claimed changes go back to the job, and
 * the CANCELLED event is its last: a running run's reports are stored only while it runs
 * (publishSyncProgress). The caller announces the job's change. Returns whether a run was
 * running; its executor may still be in a statement (see interruptRun).
 */
export async function cancelRunningRun(
  tx: Pick<pg.PoolClient, 'query'>,
  workspaceId: string,
  syncJobId: string,
  reason: string,
): Promise<boolean> {
  const running = await tx.query<{ id: string }>(
    `select id from sync_run where workspace_id = $1 and sync_job_id = $2 and status = 'RUNNING'`,
    [workspaceId, syncJobId],
  );
  for (const { id } of running.rows) {
    await endRun(tx, { workspaceId }, syncJobId, id, 'CANCELLED', reason, { announce: false });
  }
  return running.rows.length > 0;
}

/** The session executing a run of job $1: the holder of the job's run lock in this database. */
const EXECUTOR_SQL = `select l.pid from pg_locks l
  where l.locktype = 'advisory' and l.granted and l.objsubid = 1
    and l.database = (select oid from pg_database where datname = current_database())
    and l.classid = ((${RUN_LOCK_SQL} >> 32) & 4294967295)::oid
    and l.objid = (${RUN_LOCK_SQL} & 4294967295)::oid`;

/**
 * Cancels the statement resolving a run of the job, if one is in progress, once the run has
 * been cancelled (cancelRunningRun) and that committed: a range of a large audience can take
 * seconds, and the executor would otherwise only notice at the end of it. Only a resolution
 * statement is cancelled (they carry RESOLUTION_MARK), never the executor's other work; between
 * statements the executor checks the run itself. Never throws: the cancellation is committed
 * already, and without the interruption (a worker of another database role may not be
 * signalled) the run still stops at its next check.
 */
export async function interruptRun(db: Queryable, syncJobId: string): Promise<void> {
  await db
    .query(
      `select pg_cancel_backend(a.pid) from pg_stat_activity a
        where a.pid in (${EXECUTOR_SQL}) and a.state = 'active' and starts_with(a.query, $2)`,
      [syncJobId, RESOLUTION_MARK],
    )
    .catch((error) =>
      logger('sync').warn({ err: error, job: syncJobId }, 'could not interrupt the cancelled run'),
    );
}

/**
 * Thrown in a run found cancelled (by a pause or a deletion of its job) between two of its
 * statements: it stops there, and nothing of it is applied.
 */
class RunCancelled extends Error {
  constructor(runId: string) {
    super(`sync run ${runId} was cancelled`);
    this.name = 'RunCancelled';
  }
}

/** Whether the run is still RUNNING (not cancelled, nor deleted with its job). */
async function stillRunning(db: Queryable, runId: string): Promise<boolean> {
  const result = await db.query<{ status: string }>('select status from sync_run where id = $1', [
    runId,
  ]);
  return result.rows[0]?.status === 'RUNNING';
}

/** Stops the run here when it has been cancelled meanwhile. */
async function checkStillRunning(db: Queryable, runId: string): Promise<void> {
  if (!(await stillRunning(db, runId))) throw new RunCancelled(runId);
}

/**
 * Thrown in a run that this process's stop interrupted before its list transaction: nothing
 * of it is applied, and it is handed back (handBack) to be run again.
 */
class RunInterrupted extends Error {
  constructor(runId: string) {
    super(`sync run ${runId} was interrupted: the worker is stopping`);
    this.name = 'RunInterrupted';
  }
}

/**
 * Interrupts the run's resolution statement once `signal` aborts, and again every
 * INTERRUPT_RETRY_MS until `done`: a statement sent just as the signal came may not be
 * active yet when the first cancel looks for it. Only resolution statements are cancelled
 * (interruptRun), and after the signal the run starts no other (checkpoint).
 */
function interruptOnAbort(
  pool: pg.Pool,
  syncJobId: string,
  signal: AbortSignal | undefined,
): { done(): void } {
  if (!signal) return { done() {} };
  let timer: NodeJS.Timeout | null = null;
  let finished = false;
  const interrupt = () => {
    if (finished) return;
    void interruptRun(pool, syncJobId).finally(() => {
      if (!finished) timer = setTimeout(interrupt, INTERRUPT_RETRY_MS);
    });
  };
  if (signal.aborted) interrupt();
  else signal.addEventListener('abort', interrupt, { once: true });
  return {
    done() {
      finished = true;
      signal.removeEventListener('abort', interrupt);
      if (timer) clearTimeout(timer);
    },
  };
}

/** How often a stopping process repeats the interruption of a run that has not stopped yet. */
const INTERRUPT_RETRY_MS = 200;

/**
 * Hands a run interrupted by this process's stop back: it stays RUNNING with its claimed
 * changes, without heartbeat (so the next claim takes it first), and the attempt it was
 * claimed with is given back, as the stop was no fault of the run.
 */
async function handBack(pool: pg.Pool, runId: string): Promise<void> {
  await pool.query(
    `update sync_run set attempts = greatest(attempts - 1, 0), heartbeat_at = null
      where id = $1 and status = 'RUNNING'`,
    [runId],
  );
}

async function acquireRunLock(client: pg.PoolClient, syncJobId: string): Promise<boolean> {
  // A watchdog probes the lock for a moment; retry briefly rather than fail on that probe.
  for (let attempt = 0; attempt < 20; attempt++) {
    const result = await client.query<{ locked: boolean }>(
      `select pg_try_advisory_lock(${RUN_LOCK_SQL}) as locked`,
      [syncJobId],
    );
    if (result.rows[0]?.locked) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Picks the run to execute, under the job's row lock: a RUNNING run left by a dead or failed
 * attempt first (it holds claimed changes), else the QUEUED run. Runs out of attempts end
 * FAILED; runs of a paused job end CANCELLED. Claims the job's unclaimed changes.
 */
async function claimRun(client: pg.PoolClient, syncJobId: string): Promise<ClaimedRun | null> {
  await client.query('begin');
  try {
    const job = await client.query<{
      workspace_id: string;
      audience_id: string;
      list_id: string;
      status: string;
    }>('select workspace_id, audience_id, list_id, status from sync_job where id = $1 for update', [
      syncJobId,
    ]);
    const row = job.rows[0];
    if (!row) {
      await client.query('commit');
      return null;
    }
    const scope = {
      workspaceId: row.workspace_id,
      audienceId: row.audience_id,
      listId: row.list_id,
    };
    const runs = await client.query<{
      id: string;
      status: string;
      trigger: SyncTrigger;
      attempts: number;
      error: string | null;
    }>(
      `select id, status, trigger, attempts, error from sync_run
       where workspace_id = $1 and sync_job_id = $2 and status in ('RUNNING', 'QUEUED')
       order by (status = 'RUNNING') desc, id`,
      [scope.workspaceId, syncJobId],
    );
    let chosen: (typeof runs.rows)[number] | undefined;
    for (const run of runs.rows) {
      if (row.status !== 'ACTIVE') {
        await endRun(client, scope, syncJobId, run.id, 'CANCELLED', 'The sync job is paused');
      } else if (run.attempts >= MAX_RUN_ATTEMPTS) {
        await endRun(
          client,
          scope,
          syncJobId,
          run.id,
          'FAILED',
          run.error ?? 'The run was interrupted',
        );
      } else if (!chosen) {
        chosen = run;
      }
    }
    if (!chosen) {
      await client.query('commit');
      return null;
    }
    const claimed = await client.query<{ attempts: number }>(
      `update sync_run set status = 'RUNNING', phase = 'QUEUED', attempts = attempts + 1,
         started_at = coalesce(started_at, now()), heartbeat_at = now()
       where id = $1 returning attempts`,
      [chosen.id],
    );
    await client.query(
      `update sync_change set run_id = $3 where workspace_id = $1 and sync_job_id = $2 and run_id is null`,
      [scope.workspaceId, syncJobId, chosen.id],
    );
    const changes = await client.query<{
      full: boolean;
      ecids: string[] | null;
      cookie_ids: string[] | null;
      lead_ids: string[] | null;
    }>(
      `select bool_or("full") as full,
         (select array_agg(distinct e) from sync_change c, unnest(c.ecids) e
          where c.workspace_id = $1 and c.run_id = $2) as ecids,
         (select array_agg(distinct k) from sync_change c, unnest(c.cookie_ids) k
          where c.workspace_id = $1 and c.run_id = $2) as cookie_ids,
         (select array_agg(distinct l) from sync_change c, unnest(c.lead_ids) l
          where c.workspace_id = $1 and c.run_id = $2) as lead_ids
       from sync_change sc where sc.workspace_id = $1 and sc.run_id = $2`,
      [scope.workspaceId, chosen.id],
    );
    await client.query('commit');
    const delta = changes.rows[0];
    return {
      runId: chosen.id,
      trigger: chosen.trigger,
      attempts: claimed.rows[0]?.attempts ?? 1,
      scope,
      syncJobId,
      full: chosen.trigger !== 'INCREMENTAL' || delta?.full === true,
      delta: {
        ecids: delta?.ecids ?? [],
        cookieIds: delta?.cookie_ids ?? [],
        leadIds: (delta?.lead_ids ?? []).map(String),
      },
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

/**
 * Ends a run without applying anything; its claimed changes go back to the job. A FAILED end
 * queues its webhook deliveries: call it inside a transaction, so they commit with the end.
 */
async function endRun(
  db: Pick<pg.PoolClient, 'query'>,
  scope: Pick<Scope, 'workspaceId'>,
  syncJobId: string,
  runId: string,
  status: 'FAILED' | 'CANCELLED',
  error: string | null,
  options: { announce?: boolean } = {},
): Promise<void> {
  const ended = await db.query<{ processed: number; total: number; trigger: SyncTrigger }>(
    `update sync_run set status = $2, phase = 'FAILED', error = $3, finished_at = clock_timestamp(), heartbeat_at = null
     where id = $1 returning processed, total, trigger`,
    [runId, status, error],
  );
  const trigger = ended.rows[0]?.trigger;
  if (status === 'FAILED' && trigger) {
    await queueRunEnded(db, {
      workspaceId: scope.workspaceId,
      syncJobId,
      runId,
      trigger,
      status,
      stats: null,
      error,
    });
  }
  await db.query('update sync_change set run_id = null where workspace_id = $1 and run_id = $2', [
    scope.workspaceId,
    runId,
  ]);
  await publishSyncProgress(db, {
    workspaceId: scope.workspaceId,
    syncJobId,
    runId,
    status,
    phase: 'FAILED',
    processed: ended.rows[0]?.processed ?? 0,
    total: ended.rows[0]?.total ?? 0,
    stats: null,
  });
  if (options.announce !== false) {
    await publishSyncJobChanged(db, { workspaceId: scope.workspaceId, syncJobId });
  }
}

/**
 * Emits progress: always at a phase change, otherwise at most once per throttle interval;
 * `processed` never goes down. Also mirrors phase and counters on the run row.
 */
class ProgressReporter {
  private phase: SyncPhase = 'QUEUED';
  private processed = 0;
  private total = 0;
  private lastAt = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly run: ClaimedRun,
    private readonly throttleMs: number,
  ) {}

  async report(phase: SyncPhase, processed: number, total: number): Promise<void> {
    const phaseChanged = phase !== this.phase;
    this.processed = Math.max(this.processed, processed);
    this.total = total;
    this.phase = phase;
    const now = Date.now();
    if (!phaseChanged && now - this.lastAt < this.throttleMs) return;
    this.lastAt = now;
    // One statement stores and announces the event and mirrors it on the run row: the
    // reports before an incremental run's commit are on its latency path.
    await publishSyncProgress(
      this.pool,
      {
        workspaceId: this.run.scope.workspaceId,
        syncJobId: this.run.syncJobId,
        runId: this.run.runId,
        status: 'RUNNING',
        phase,
        processed: this.processed,
        total: this.total,
        stats: null,
      },
      { mirrorOnRun: true },
    );
  }

  get counters() {
    return { processed: this.processed, total: this.total };
  }
}

async function executeClaimed(
  pool: pg.Pool,
  client: pg.PoolClient,
  run: ClaimedRun,
  options: RunnerOptions,
): Promise<void> {
  // The heartbeat goes through the pool, so a long statement on the run's connection never delays it.
  let beat: Promise<unknown> = Promise.resolve();
  const heartbeat = setInterval(() => {
    beat = pool
      .query(`update sync_run set heartbeat_at = now() where id = $1 and status = 'RUNNING'`, [
        run.runId,
      ])
      .catch(() => {});
  }, options.heartbeatMs);
  const stopHeartbeat = async () => {
    clearInterval(heartbeat);
    await beat;
  };
  const progress = new ProgressReporter(pool, run, options.progressThrottleMs);
  const signal = options.signal;
  // Set once the run enters its list transaction: from there a stop lets it finish (it is
  // short, and an incremental run commits its list before its end).
  let writing = false;
  const interruption = interruptOnAbort(pool, run.syncJobId, signal);
  /** Stops the run here when it has been cancelled, or when this process is stopping. */
  const checkpoint = async () => {
    if (signal?.aborted) throw new RunInterrupted(run.runId);
    await checkStillRunning(client, run.runId);
  };
  try {
    await prepareStage(client);
    const resolution = run.full
      ? await resolveFull(client, run, progress, options.chunkSize ?? CHUNK_SIZE, checkpoint)
      : await resolveIncremental(client, run, progress);
    const { processed, total } = progress.counters;
    await progress.report('WRITING_MEMBERSHIPS', processed, total);
    if (signal?.aborted) throw new RunInterrupted(run.runId);
    writing = true;
    interruption.done();
    await client.query('begin');
    // KEY SHARE keeps the job from being deleted or paused (each locks its row FOR UPDATE)
    // but lets progress (last_sequence) through.
    await client.query('select 1 from sync_job where id = $1 for key share', [run.syncJobId]);
    // Paused or deleted while running (the run was cancelled with it): the list stays as it is.
    await checkStillRunning(client, run.runId);
    const applied = await applyDiff(
      client,
      run.scope,
      run.full ? 'full' : 'incremental',
      run.runId,
      (done, steps) =>
        progress.report(
          'WRITING_MEMBERSHIPS',
          processed + Math.floor(((total - processed) * done) / steps),
          total,
        ),
    );
    let { added, removed } = applied;
    if (applied.listSize === null) {
      // Incremental: commit the list changes (and consume the changes) at once, then count the
      // list outside the transaction, so the new members show without waiting for a pass over
      // the whole list. A crash in between leaves the list right; the retry finds no changes
      // left and only completes the run.
      await client.query('delete from sync_change where workspace_id = $1 and run_id = $2', [
        run.scope.workspaceId,
        run.runId,
      ]);
      await client.query('commit');
      await client.query('begin');
      // A pause or deletion from here on waits for the run's end, as during the diff: the
      // list already has the run's changes, so the run completes (one that came in between
      // the two transactions finds the run CANCELLED, which this end then overwrites).
      await client.query('select 1 from sync_job where id = $1 for key share', [run.syncJobId]);
      // The run's added and removed are what its history says it did, over every attempt: a
      // retry after a crash here applies nothing itself but must not report 0 for the changes
      // the attempt before it committed. An incremental run's changes are few, and the count
      // walks the run's index of membership_change after the commit, off the latency path.
      const recorded = await client.query<{ added: number; removed: number }>(
        `select count(*) filter (where kind = 'ENTERED')::int as added,
                count(*) filter (where kind = 'LEFT')::int as removed
           from membership_change where workspace_id = $1 and run_id = $2`,
        [run.scope.workspaceId, run.runId],
      );
      added = recorded.rows[0]?.added ?? 0;
      removed = recorded.rows[0]?.removed ?? 0;
    }
    // A full run's diff counts its matched leads and list size; an incremental one reads the
    // list's member count and checks only its manual members (listAndMatched), a cost that
    // does not grow with the list.
    const counted =
      applied.listSize === null || applied.matchedLeads === null
        ? await listAndMatched(client, run.scope)
        : { listSize: applied.listSize, matchedLeads: applied.matchedLeads };
    const stats = syncStats(
      { ...resolution, matchedLeads: counted.matchedLeads },
      { added, removed, listSize: counted.listSize },
    );
    await client.query(
      `update sync_run set status = 'SUCCEEDED', phase = 'COMPLETED', processed = $2, total = $3,
         stats = $4::jsonb, error = null, finished_at = clock_timestamp(), heartbeat_at = null
       where id = $1`,
      [run.runId, total, total, JSON.stringify(stats)],
    );
    await client.query('delete from sync_change where workspace_id = $1 and run_id = $2', [
      run.scope.workspaceId,
      run.runId,
    ]);
    // The run's webhook deliveries commit with its end, or not at all.
    await queueRunEnded(
      client,
      {
        workspaceId: run.scope.workspaceId,
        syncJobId: run.syncJobId,
        runId: run.runId,
        trigger: run.trigger,
        status: 'SUCCEEDED',
        stats,
        error: null,
      },
      { full: run.full, matchRateDropPercent: options.matchRateDropPercent },
    );
    await publishSyncProgress(client, {
      workspaceId: run.scope.workspaceId,
      syncJobId: run.syncJobId,
      runId: run.runId,
      status: 'SUCCEEDED',
      phase: 'COMPLETED',
      processed: total,
      total,
      stats,
    });
    await publishSyncJobChanged(client, {
      workspaceId: run.scope.workspaceId,
      syncJobId: run.syncJobId,
    });
    await client.query('commit');
  } catch (error) {
    interruption.done();
    await client.query('rollback').catch(() => {});
    // Cancelled by a pause or a deletion of the job: that ended the run (cancelRunningRun)
    // and interrupted the statement in progress, if any; nothing is left to do or retry.
    if (error instanceof RunCancelled || !(await stillRunning(pool, run.runId).catch(() => true))) {
      return;
    }
    // Stopped by this process's stop before its list transaction (its statement cancelled,
    // or whatever failed as the process stopped): handed back, not counted as a failure.
    if (signal?.aborted && !writing) {
      await stopHeartbeat();
      await handBack(pool, run.runId);
      throw new RunInterrupted(run.runId);
    }
    const message = error instanceof Error ? error.message : String(error);
    if (run.attempts >= MAX_RUN_ATTEMPTS) {
      await withTransaction(pool, (tx) =>
        endRun(tx, run.scope, run.syncJobId, run.runId, 'FAILED', message),
      );
      return;
    }
    // Left RUNNING without a heartbeat: the retry (or the next trigger) claims it first.
    await stopHeartbeat();
    await pool.query('update sync_run set error = $2, heartbeat_at = null where id = $1', [
      run.runId,
      message,
    ]);
    throw error;
  } finally {
    interruption.done();
    clearInterval(heartbeat);
    await dropStage(client).catch(() => {});
  }
}

/**
 * Full recompute: the audience in ECID ranges, each one set-based statement (RangeCutter: a
 * first range of probes, so that progress moves early, then resolutionRanges' ranges, smaller
 * where one would take too long), with progress after each. `total` is the audience's size.
 */
async function resolveFull(
  client: pg.PoolClient,
  run: ClaimedRun,
  progress: ProgressReporter,
  chunkSize: number,
  checkpoint: () => Promise<void>,
): Promise<Resolution> {
  await progress.report('LOADING_AUDIENCE', 0, 0);
  const total = await audienceSize(client, run.scope);
  await progress.report('RESOLVING_IDENTITIES', 0, total);
  const ranges = new RangeCutter(total, largestRange(total, chunkSize));
  const found = await resolveInRanges(client, run.scope, ranges, {
    beforeRange: checkpoint,
    afterRange: (resolved) =>
      progress.report('RESOLVING_IDENTITIES', resolvedProgress(resolved), total),
  });
  // Matched leads are counted when the diff is applied (applyDiff), which reads them anyway.
  return { audienceSize: total, ...found, matchedLeads: 0 };
}

/**
 * Incremental: only the leads the claimed changes can affect. The audience-level ECID counts
 * are those of the latest run (a full run recomputes them; counting them here would cost a
 * pass over the whole audience). Matched leads are read from the list once the diff is
 * applied (listAndMatched), so the resolution leaves them at 0.
 */
async function resolveIncremental(
  client: pg.PoolClient,
  run: ClaimedRun,
  progress: ProgressReporter,
): Promise<Resolution> {
  await progress.report('LOADING_AUDIENCE', 0, 0);
  const affected = await stageAffectedLeads(client, run.scope, run.delta);
  await progress.report('RESOLVING_IDENTITIES', 0, affected);
  await resolveAffectedLeads(client, run.scope);
  await progress.report('RESOLVING_IDENTITIES', resolvedProgress(affected), affected);
  const previous = await client.query<{ stats: SyncStats }>(
    `select stats from sync_run where workspace_id = $1 and sync_job_id = $2
     and status = 'SUCCEEDED' and stats is not null order by id desc limit 1`,
    [run.scope.workspaceId, run.syncJobId],
  );
  const last = previous.rows[0]?.stats;
  return {
    audienceSize: last?.audienceSize ?? 0,
    withCookie: last?.ecidsWithCookie ?? 0,
    withLead: last?.ecidsWithLead ?? 0,
    matchedLeads: 0,
  };
}

/**
 * Makes sure a QUEUED run left behind (a trigger folded in during this run) gets executed,
 * and, when `interrupted`, the RUNNING run this process's stop handed back: its graphile job
 * ends normally, so nothing else would run it before the next trigger.
 */
async function ensureFollowUp(
  client: pg.PoolClient,
  syncJobId: string,
  interrupted: boolean,
): Promise<void> {
  const queued = await client.query<{ workspace_id: string }>(
    `select r.workspace_id from sync_run r join sync_job j on j.id = r.sync_job_id
     where r.sync_job_id = $1 and j.status = 'ACTIVE'
       and (r.status = 'QUEUED' or ($2 and r.status = 'RUNNING')) limit 1`,
    [syncJobId, interrupted],
  );
  const row = queued.rows[0];
  if (!row) return;
  if (!(await hasWaitingRunJob(client, syncJobId))) {
    await addRunJob(client, { workspaceId: row.workspace_id, syncJobId }, 0);
  }
}
