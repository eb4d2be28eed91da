import { EventEmitter } from 'node:events';
import {
  makeWorkerUtils,
  type Runner,
  run as runGraphileWorker,
  type Task,
  type WorkerEvents,
  type WorkerPool,
  type WorkerUtils,
} from 'graphile-worker';
import pg from 'pg';
import { SYNC_WAKEUP_CHANNEL } from '../db/channels.js';
import type { EngineDeps } from '../db/database.js';
import { logger, queueLogger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { observeRunEnd } from '../observability/sync-runs.js';
import {
  nextReconcileSql,
  RUN_LOCK_SQL,
  rerankWorkspace,
  SYNC_RUN_TASK,
  type SyncRunPayload,
  staleRunJobs,
} from './queue.js';
import { executePendingRun } from './runner.js';
import { triggerSyncJob } from './triggers.js';

export interface SyncWorkerOptions {
  /** Runs executed at once by this process (different sync jobs). */
  concurrency?: number;
  /** How often a running run refreshes its heartbeat. */
  heartbeatMs?: number;
  /** A locked run silent for this long, whose job lock is free, belongs to a dead worker. */
  staleAfterMs?: number;
  /** How often this process looks for dead workers' runs and for due reconciles. */
  watchdogMs?: number;
  /**
   * graphile-worker poll interval. Runs are started by NOTIFY (graphile-worker's own, and the
   * sync_wakeup nudge when a run falls due); a poll only catches what a lost notification or
   * a lost wakeup connection missed, so this bounds the delay then.
   */
  pollIntervalMs?: number;
}

/** The running scheduler of a worker process (graphile runner, watchdog, reconcile timer). */
export interface SyncScheduler {
  runner: Runner;
  workerUtils: WorkerUtils;
  stop(): Promise<void>;
}

/**
 * Starts executing sync runs in this process: the graphile-worker runner for the `sync_run`
 * task, a watchdog that re-queues the runs of dead workers (graphile-worker 0.17 would keep
 * their jobs locked for 4 hours), and the SCHEDULED reconcile of every active job.
 */
export async function startSyncWorker(
  deps: EngineDeps & { readonly metrics: Metrics },
  options: SyncWorkerOptions = {},
): Promise<SyncScheduler> {
  const heartbeatMs = options.heartbeatMs ?? 2_000;
  const staleAfterMs = options.staleAfterMs ?? 10_000;
  const watchdogMs = options.watchdogMs ?? 3_000;
  const onRunEnd = observeRunEnd(deps);
  const task: Task = async (payload, helpers) => {
    const { workspaceId, syncJobId } = payload as SyncRunPayload;
    try {
      await executePendingRun(deps.database.runPool, syncJobId, {
        progressThrottleMs: deps.config.progressThrottleMs,
        matchRateDropPercent: deps.config.matchRateDropPercent,
        heartbeatMs,
        onRunEnd,
        // Aborted by the runner's graceful shutdown (at once, see below): the run in flight
        // is handed back rather than waited for.
        signal: helpers.abortSignal,
      });
    } finally {
      // The workspace's waiting runs have moved up its line (see Fairness in queue.ts).
      await rerankWorkspace(deps.database.runPool, workspaceId).catch((error) =>
        logger('sync').warn({ err: error, workspaceId }, 'could not re-rank waiting runs'),
      );
    }
  };
  const events = new EventEmitter() as WorkerEvents;
  const pools: WorkerPool[] = [];
  events.on('pool:create', ({ workerPool }) => pools.push(workerPool));
  // The runner's and the utilities' connections, in a pool this process ends itself, after
  // them: on a pool of its own making, graphile-worker removes the error handler before it
  // ends the pool (without waiting), so a connection still closing as the embedded database
  // stops would surface as an uncaught error (as in src/background.ts).
  const pgPool = new pg.Pool({ connectionString: deps.database.url, max: 10 });
  const lost = (error: Error) =>
    logger('sync').warn({ error: error.message }, 'queue connection lost');
  pgPool.on('error', lost);
  pgPool.on('connect', (client) => client.on('error', lost));
  const runner = await runGraphileWorker({
    events,
    pgPool,
    concurrency: options.concurrency ?? 2,
    pollInterval: options.pollIntervalMs ?? 250,
    noHandleSignals: true,
    logger: queueLogger,
    taskList: { [SYNC_RUN_TASK]: task },
    preset: {
      worker: {
        // Completions go through graphile-worker's batcher, which stop() waits for;
        // unbatched, a job ending just before stop() could stay locked, and with it its
        // workspace's queue, until the watchdog freed it (seen in test/sync-fairness.test.ts).
        completeJobBatchDelay: 0,
        failJobBatchDelay: 0,
        // A graceful shutdown aborts the tasks' signal this long after it starts (default
        // 5 s): at once, so a stopping process hands its runs back to the queue rather than
        // waits for them (a full run can take minutes; the forced exit comes sooner).
        gracefulShutdownAbortTimeout: 0,
      },
    },
  });
  const workerUtils = await makeWorkerUtils({
    pgPool,
    logger: queueLogger,
  });
  const watchdog = new Watchdog(deps.database.url, workerUtils, staleAfterMs);
  // Once stopping, the runner's released workers throw on a nudge ("nudge called after worker
  // terminated", an uncaught error that ended the process with 1): wakeups are dropped then.
  let stopping = false;
  const wakeups = new Wakeups(deps.database.url, () => {
    if (stopping) return;
    for (const pool of pools) pool.nudge(1);
  });
  await wakeups.listen();
  let ticking = false;
  const timer = setInterval(
    async () => {
      if (ticking || stopping) return;
      ticking = true;
      try {
        await wakeups.listen();
        await watchdog.scan();
        await reconcileDue(deps);
      } catch (error) {
        logger('sync').error({ err: error }, 'scheduler tick failed');
      } finally {
        ticking = false;
      }
    },
    Math.min(watchdogMs, deps.config.syncReconcileIntervalMs),
  );
  const scheduler: SyncScheduler = {
    runner,
    workerUtils,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await wakeups.close();
      await runner.stop();
      await workerUtils.release();
      await watchdog.close();
      await pgPool.end();
    },
  };
  return scheduler;
}

/**
 * Finds sync runs whose worker died: their graphile job is locked, the run has not
 * heartbeaten for `staleAfterMs`, and nobody holds the job's run lock (PostgreSQL releases an
 * advisory lock when its session dies, so a free lock proves the executor is gone). Seen twice
 * in a row (to skip the instants around a run's start and end), the dead worker's jobs are
 * unlocked and another worker retries the run.
 */
class Watchdog {
  private suspects = new Set<string>();
  private client: pg.Client | null = null;

  constructor(
    private readonly url: string,
    private readonly workerUtils: WorkerUtils,
    private readonly staleAfterMs: number,
  ) {}

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client(this.url);
    client.on('error', () => {
      this.client = null;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  async scan(): Promise<void> {
    const db = await this.connection();
    const seen = new Set<string>();
    const dead = new Set<string>();
    for (const { syncJobId, lockedBy, lockedAt } of await staleRunJobs(db, this.staleAfterMs)) {
      const probe = await db.query<{ free: boolean }>(
        `select pg_try_advisory_lock(${RUN_LOCK_SQL}) as free`,
        [syncJobId],
      );
      if (!probe.rows[0]?.free) continue;
      await db.query(`select pg_advisory_unlock(${RUN_LOCK_SQL})`, [syncJobId]);
      const key = `${lockedBy}|${syncJobId}|${lockedAt.toISOString()}`;
      seen.add(key);
      if (this.suspects.has(key)) dead.add(lockedBy);
    }
    this.suspects = seen;
    if (dead.size > 0) {
      logger('sync').warn({ workers: [...dead] }, 're-queueing the runs of dead workers');
      await this.workerUtils.forceUnlockWorkers([...dead]);
    }
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => {});
    this.client = null;
  }
}

/**
 * Nudges the graphile workers when a run falls due (debounced, or now): they would otherwise
 * see a debounced one only at their next poll. Best effort: without this connection, polling
 * still runs every job.
 */
class Wakeups {
  private client: pg.Client | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly url: string,
    private readonly nudge: () => void,
  ) {}

  /** Connects and LISTENs unless already listening (called again by every tick). */
  async listen(): Promise<void> {
    if (this.client) return;
    const client = new pg.Client(this.url);
    client.on('error', () => {
      if (this.client === client) this.client = null;
    });
    client.on('notification', (message) => {
      const delay = Number(message.payload);
      if (!Number.isFinite(delay)) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.nudge();
      }, delay + 5);
      this.timers.add(timer);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${SYNC_WAKEUP_CHANNEL}`);
    } catch {
      this.client = null;
      await client.end().catch(() => {});
    }
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}

/** Queues a SCHEDULED run for every active job whose reconcile is due (once across workers). */
async function reconcileDue(deps: EngineDeps): Promise<void> {
  const due = await deps.database.runPool.query<{ id: string; workspace_id: string }>(
    `with due as (
       select id from sync_job where status = 'ACTIVE' and next_run_at <= now()
       for update skip locked
     )
     update sync_job j set next_run_at = ${nextReconcileSql('$1')}
     from due where j.id = due.id returning j.id, j.workspace_id`,
    [deps.config.syncReconcileIntervalMs],
  );
  for (const job of due.rows) {
    await triggerSyncJob(deps, job.workspace_id, job.id, 'SCHEDULED');
  }
}
