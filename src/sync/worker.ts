import {
  makeWorkerUtils,
  parseCrontab,
  run as runGraphileWorker,
  runTaskList,
  type Task,
  type WorkerUtils,
} from 'graphile-worker';
import pg from 'pg';
import { SYNC_WAKEUP_CHANNEL } from '../db/channels.js';
import { type EngineDeps, endPool } from '../db/database.js';
import { NotifyListener } from '../db/notify-listener.js';
import {
  HISTORY_RETENTION_CRONTAB,
  HISTORY_RETENTION_TASK,
  retentionTask,
} from '../history/retention.js';
import {
  executeMarketoPush,
  type MarketoPushOptions,
  queueDueReconciles,
  scanDeadPushes,
} from '../marketo/push.js';
import { MARKETO_PUSH_TASK, type MarketoPushPayload } from '../marketo/push-queue.js';
import { logger, queueLogger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { type DeliveryTaskOptions, deliveryTask } from '../webhooks/delivery-task.js';
import { WEBHOOK_DELIVERY_TASK } from '../webhooks/queue.js';
import { DELIVERY_TIMEOUT_MS } from '../webhooks/sender.js';
import {
  nextReconcileSql,
  RUN_LOCK_SQL,
  rerankWorkspace,
  SYNC_RUN_TASK,
  type SyncRunPayload,
  staleRunJobs,
} from './queue.js';
import { observeRunEnd } from './run-ends.js';
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
   * graphile-worker poll interval of the sync runs. Runs are started by NOTIFY
   * (graphile-worker's own, and the sync_wakeup nudge when a run falls due); a poll only
   * catches what a lost notification or a lost LISTEN connection missed, so this bounds the
   * delay then.
   */
  pollIntervalMs?: number;
}

/** Options of the webhook deliveries (and the history retention beside them). */
export interface BackgroundWorkerOptions extends DeliveryTaskOptions {
  /**
   * Deliveries sent at once by this process (default 8): well above the bounds per workspace
   * and per receiver (2 each by default), so a workspace or a receiver that holds its share
   * leaves the most of the slots to everybody else.
   */
  concurrency?: number;
  /**
   * How often this process looks for deliveries locked by dead workers (default 30 s; looked
   * at on the watchdog's tick, so not more often than SyncWorkerOptions.watchdogMs).
   */
  watchdogMs?: number;
  /** Settings of the pushes into Marketo beyond the configuration (client timeouts, limiter windows). */
  marketo?: Pick<MarketoPushOptions, 'client'>;
}

/** What the worker of a process needs: the engine's dependencies, and where it reports. */
export interface WorkerDeps extends EngineDeps {
  readonly metrics: Metrics;
  /**
   * The process's LISTEN connection, shared with live delivery (src/app.ts); without one the
   * worker opens its own.
   */
  readonly listener?: NotifyListener;
}

/** The running worker of a process (graphile-worker runner, watchdog); `stop` ends it. */
export interface SyncScheduler {
  stop(): Promise<void>;
}

/**
 * An attempt takes at most DELIVERY_TIMEOUT_MS, its resolution included, and a short
 * transaction; a delivery job locked far longer than that belongs to a worker that died
 * mid-attempt.
 */
const DEAD_SENDER_AFTER_MS = DELIVERY_TIMEOUT_MS * 12;

/**
 * Starts the work of a worker process: sync runs, webhook deliveries and the hourly history
 * retention, on one pg pool with one set of worker utilities, and one watchdog tick that
 * re-queues the jobs of dead workers (graphile-worker 0.17 would keep them locked for 4
 * hours) and queues the SCHEDULED reconcile of every active job that falls due.
 *
 * The jobs are taken by two graphile-worker pools on that pg pool: the runner (`run`, with
 * the cron) takes deliveries and retention, BackgroundWorkerOptions.concurrency at once, and
 * a second worker pool (`runTaskList`) takes sync runs, SyncWorkerOptions.concurrency at
 * once. They stay apart because graphile-worker 0.17.3 gives a worker pool one concurrency
 * for every task it knows, and a free slot takes whichever known job is due first: in one
 * shared pool, receivers that take their full timeout could hold every slot a sync run needs
 * (a gate inside the task runs only once the slot is taken, and could only fail or re-queue
 * the run), and sync runs could take more slots than their configured concurrency.
 */
export async function startSyncWorker(
  deps: WorkerDeps,
  options: SyncWorkerOptions = {},
  background: BackgroundWorkerOptions = {},
): Promise<SyncScheduler> {
  const heartbeatMs = options.heartbeatMs ?? 2_000;
  const staleAfterMs = options.staleAfterMs ?? 10_000;
  const watchdogMs = options.watchdogMs ?? 3_000;
  const senderWatchdogMs = background.watchdogMs ?? 30_000;
  const engine: EngineDeps = { config: deps.config, database: deps.database };
  const onRunEnd = observeRunEnd(deps);
  const syncRun: Task = async (payload, helpers) => {
    const { workspaceId, syncJobId } = payload as SyncRunPayload;
    try {
      await executePendingRun(deps.database.runPool, syncJobId, {
        progressThrottleMs: deps.config.progressThrottleMs,
        matchRateDropPercent: deps.config.matchRateDropPercent,
        heartbeatMs,
        onRunEnd,
        // Aborted by the pool's graceful shutdown (at once, see below): the run in flight
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
  // The worker pools' and the utilities' connections, in a pool this process ends itself,
  // after them: on a pool of its own making, graphile-worker removes the error handler before
  // it ends the pool (without waiting), so a connection still closing as the embedded
  // database stops would surface as an uncaught error. Each worker pool holds one connection
  // for its own LISTEN; the rest serve job fetches and completions, the utilities and the cron.
  const pgPool = new pg.Pool({ connectionString: deps.database.url, max: 20 });
  // Once the pool is ending (the process stops), a connection the database ends is expected.
  const lost = (error: Error) => {
    if (pgPool.ending) logger('queue').debug({ error: error.message }, 'queue connection closed');
    else logger('queue').warn({ error: error.message }, 'queue connection lost');
  };
  pgPool.on('error', lost);
  pgPool.on('connect', (client) => client.on('error', lost));
  deps.metrics.observePools({ queue: pgPool });
  // What stop() undoes, last first; also undone when the start fails halfway.
  const stops: (() => unknown)[] = [() => endPool(pgPool)];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    let listener = deps.listener;
    if (!listener) {
      const own = new NotifyListener(deps.database.url);
      await own.start();
      stops.push(() => own.stop());
      listener = own;
    }
    const workerUtils = await makeWorkerUtils({ pgPool, logger: queueLogger });
    stops.push(() => workerUtils.release());
    const watchdog = new Watchdog(deps.database.url, workerUtils, staleAfterMs);
    stops.push(() => watchdog.close());
    const runner = await runGraphileWorker({
      pgPool,
      concurrency: background.concurrency ?? 8,
      // New deliveries arrive by NOTIFY; a poll finds retries when they fall due.
      pollInterval: 1_000,
      noHandleSignals: true,
      logger: queueLogger,
      taskList: {
        [WEBHOOK_DELIVERY_TASK]: deliveryTask(engine, {
          ...background,
          onRecorded: (outcome) => deps.metrics.webhookDeliveries.inc({ outcome }),
        }),
        [HISTORY_RETENTION_TASK]: retentionTask(engine),
        // Pushes into Marketo share this pool with the deliveries: both wait on remote
        // servers, not on this database, and a push is one per mirror at a time.
        [MARKETO_PUSH_TASK]: async (payload, helpers) => {
          await executeMarketoPush(engine, payload as MarketoPushPayload, {
            debounceMs: deps.config.marketoPushDebounceMs,
            progressThrottleMs: deps.config.progressThrottleMs,
            reconcileIntervalMs: deps.config.marketoReconcileIntervalMs,
            heartbeatMs,
            signal: helpers.abortSignal,
            metrics: deps.metrics,
            client: background.marketo?.client,
          });
        },
      },
      parsedCronItems: parseCrontab(HISTORY_RETENTION_CRONTAB),
      // Completions and failures go through graphile-worker's batcher, which a graceful
      // shutdown waits for and which retries a failed write. Unbatched, nothing awaits them:
      // a delivery completed as the process stops was recorded only if its write got a
      // connection before the pool ended, else its job stayed locked until the dead-worker
      // scan and the delivery was sent again; and a failed write was an unhandled rejection.
      // Deliveries ignore the abort signal: a stopping process completes the attempts under way.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
    const syncPool = runTaskList(
      {
        concurrency: options.concurrency ?? 2,
        pollInterval: options.pollIntervalMs ?? 250,
        noHandleSignals: true,
        logger: queueLogger,
        preset: {
          worker: {
            // Through the batcher, as above; unbatched, a run ending just before the stop
            // could stay locked, and with it its workspace's queue, until the watchdog freed
            // it (seen in test/sync-fairness.test.ts).
            completeJobBatchDelay: 0,
            failJobBatchDelay: 0,
            // A graceful shutdown aborts the tasks' signal this long after it starts (default
            // 5 s): at once, so a stopping process hands its runs back to the queue rather
            // than waits for them (a full run can take minutes; the forced exit comes sooner).
            gracefulShutdownAbortTimeout: 0,
          },
        },
      },
      { [SYNC_RUN_TASK]: syncRun },
      pgPool,
    );
    // Settles once the pool has shut down; the pool logs its own errors.
    syncPool.promise.catch(() => {});
    // Both at once: the sync runs are handed back at once, the deliveries under way are
    // completed and recorded through the batcher.
    stops.push(() => Promise.all([syncPool.gracefulShutdown(), runner.stop()]));
    // Once stopping, the pool's released workers throw on a nudge ("nudge called after worker
    // terminated", an uncaught error that ended the process with 1): wakeups are dropped then.
    let stopping = false;
    const wakeups = new Wakeups(() => {
      if (!stopping) syncPool.nudge(1);
    });
    const unsubscribe = await listener.subscribe({
      channels: [SYNC_WAKEUP_CHANNEL],
      onNotification: (_channel, payload) => wakeups.receive(payload),
    });
    stops.push(async () => {
      unsubscribe();
      wakeups.clear();
    });
    let tick: Promise<void> | null = null;
    let sendersScannedAt = Date.now();
    // The reconcile is a scan of every job's own due time (sync_job.next_run_at, set
    // SYNC_RECONCILE_INTERVAL_MS after its activation or last reconcile), not a task at fixed
    // times: a job falls due at any second, and crontab's one-minute granularity would start
    // its run up to a minute late. It rides the watchdog's tick, which every worker process
    // runs anyway; `for update skip locked` queues each due run once across them.
    const timer = setInterval(
      () => {
        if (tick || stopping) return;
        tick = (async () => {
          try {
            await watchdog.scanRuns();
            if (Date.now() - sendersScannedAt >= senderWatchdogMs) {
              sendersScannedAt = Date.now();
              await watchdog.scanSenders();
            }
            await reconcileDue(engine);
            await watchdog.scanPushes();
            // Like the sync reconcile, each mirror's reconcile falls due at its own time
            // (marketo_mirror.next_reconcile_at), found on this tick once across processes.
            await queueDueReconciles(engine.database.pool, deps.config.marketoReconcileIntervalMs);
          } catch (error) {
            logger('sync').error({ err: error }, 'worker tick failed');
          } finally {
            tick = null;
          }
        })();
      },
      Math.min(watchdogMs, deps.config.syncReconcileIntervalMs),
    );
    stops.push(async () => {
      stopping = true;
      clearInterval(timer);
      await tick;
    });
    return { stop: stopAll };
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }
}

/**
 * Finds the jobs of workers that died and unlocks them (forceUnlockWorkers), so that another
 * worker runs them again, on a connection of its own (the run scan holds advisory locks for a
 * moment, which must stay on one session).
 */
class Watchdog {
  private suspects = new Set<string>();
  private client: pg.Client | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly workerUtils: WorkerUtils,
    private readonly staleAfterMs: number,
  ) {}

  private async connection(): Promise<pg.Client> {
    if (this.closed) throw new Error('the watchdog is closed');
    if (this.client) return this.client;
    const client = new pg.Client(this.url);
    client.on('error', () => {
      if (this.client === client) this.client = null;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  /**
   * Sync runs whose worker died: their graphile job is locked, the run has not heartbeaten
   * for `staleAfterMs`, and nobody holds the job's run lock (PostgreSQL releases an advisory
   * lock when its session dies, so a free lock proves the executor is gone). Seen twice in a
   * row (to skip the instants around a run's start and end), the dead worker's jobs are
   * unlocked and another worker retries the run.
   */
  async scanRuns(): Promise<void> {
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

  /**
   * Workers that died while sending a delivery: its job is locked for longer than any
   * attempt takes (DEAD_SENDER_AFTER_MS). The attempt never recorded itself, so the retry
   * repeats it under the same attempt number and `webhook-id`.
   */
  async scanSenders(): Promise<void> {
    const db = await this.connection();
    const { rows } = await db.query<{ locked_by: string }>(
      `select distinct locked_by from graphile_worker.jobs
        where task_identifier = $1 and locked_at < now() - $2 * interval '1 millisecond'
          and locked_by is not null`,
      [WEBHOOK_DELIVERY_TASK, DEAD_SENDER_AFTER_MS],
    );
    if (rows.length === 0) return;
    const dead = rows.map((row) => row.locked_by);
    logger('webhooks').warn({ workers: dead }, 'unlocking the deliveries of dead workers');
    await this.workerUtils.forceUnlockWorkers(dead);
  }

  /**
   * Pushes into Marketo whose worker died: RUNNING, silent for `staleAfterMs`, their mirror's
   * push lock free (src/marketo/push.ts scanDeadPushes); their jobs are queued again.
   */
  async scanPushes(): Promise<void> {
    await scanDeadPushes(await this.connection(), this.staleAfterMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}

/**
 * Nudges the sync workers when a run falls due (debounced, or now), as announced on
 * SYNC_WAKEUP_CHANNEL with the delay in ms: they would otherwise see a debounced one only at
 * their next poll. Best effort: while the LISTEN connection is down, polling still runs
 * every job.
 */
class Wakeups {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly nudge: () => void) {}

  receive(payload: string): void {
    const delay = Number(payload);
    if (!Number.isFinite(delay)) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.nudge();
    }, delay + 5);
    this.timers.add(timer);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
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
