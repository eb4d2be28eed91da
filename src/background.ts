import {
  makeWorkerUtils,
  parseCrontab,
  type Runner,
  run as runGraphileWorker,
  type WorkerUtils,
} from 'graphile-worker';
import pg from 'pg';
import type { App } from './app.js';
import {
  HISTORY_RETENTION_CRONTAB,
  HISTORY_RETENTION_TASK,
  retentionTask,
} from './history/retention.js';
import { logger, queueLogger } from './observability/log.js';
import { type DeliveryTaskOptions, deliveryTask } from './webhooks/delivery-task.js';
import { WEBHOOK_DELIVERY_TASK } from './webhooks/queue.js';
import { DELIVERY_TIMEOUT_MS } from './webhooks/sender.js';

export interface BackgroundWorkerOptions extends DeliveryTaskOptions {
  /**
   * Deliveries sent at once by this process (default 8): well above the bounds per workspace
   * and per receiver (2 each by default), so a workspace or a receiver that holds its share
   * leaves the most of the slots to everybody else.
   */
  concurrency?: number;
  /** How often this process looks for deliveries locked by dead workers (default 30 s). */
  watchdogMs?: number;
}

/**
 * An attempt takes at most DELIVERY_TIMEOUT_MS, its resolution included, and a short
 * transaction; a delivery job locked far longer than that belongs to a worker that died
 * mid-attempt.
 */
const DEAD_AFTER_MS = DELIVERY_TIMEOUT_MS * 12;

/**
 * Unlocks the jobs of workers that died while sending a delivery: graphile-worker 0.17 would
 * keep them locked for 4 hours. The attempt never recorded itself, so the retry repeats it
 * under the same attempt number and `webhook-id`.
 */
async function unlockDeadSenders(app: App, utils: WorkerUtils): Promise<void> {
  const { rows } = await app.database.pool.query<{ locked_by: string }>(
    `select distinct locked_by from graphile_worker.jobs
      where task_identifier = $1 and locked_at < now() - $2 * interval '1 millisecond'
        and locked_by is not null`,
    [WEBHOOK_DELIVERY_TASK, DEAD_AFTER_MS],
  );
  if (rows.length === 0) return;
  const dead = rows.map((row) => row.locked_by);
  logger('webhooks').warn({ workers: dead }, 'unlocking the deliveries of dead workers');
  await utils.forceUnlockWorkers(dead);
}

/**
 * The work of a worker process besides sync runs: webhook deliveries and the hourly history
 * retention. Its own graphile-worker runner, so a receiver that takes its 10 s never holds a
 * slot a sync run needs (a runner only takes the tasks it knows).
 */
export async function startBackgroundWorker(
  app: App,
  options: BackgroundWorkerOptions = {},
): Promise<{ runner: Runner; stop(): Promise<void> }> {
  // The runner's and the utilities' connections, in a pool this process ends itself, after
  // them: on a pool of its own making, graphile-worker removes the error handler before it
  // ends the pool (without waiting), so a connection still closing as the embedded database
  // stops would surface as an uncaught error.
  const pgPool = new pg.Pool({ connectionString: app.database.url, max: 10 });
  const lost = (error: Error) =>
    logger('webhooks').warn({ error: error.message }, 'queue connection lost');
  pgPool.on('error', lost);
  pgPool.on('connect', (client) => client.on('error', lost));
  const runner = await runGraphileWorker({
    pgPool,
    concurrency: options.concurrency ?? 8,
    // New deliveries arrive by NOTIFY; a poll finds retries when they fall due.
    pollInterval: 1_000,
    noHandleSignals: true,
    logger: queueLogger,
    taskList: {
      [WEBHOOK_DELIVERY_TASK]: deliveryTask(
        { config: app.config, database: app.database },
        options,
      ),
      [HISTORY_RETENTION_TASK]: retentionTask(app),
    },
    parsedCronItems: parseCrontab(HISTORY_RETENTION_CRONTAB),
    // Completions and failures go through graphile-worker's batcher, which stop() waits for
    // and which retries a failed write. Unbatched, nothing awaits them: a delivery completed
    // as the process stops was recorded only if its write got a connection before the pool
    // ended (not when all were in use), else its job stayed locked until the dead-worker
    // scan and the delivery was sent again; and a failed write was an unhandled rejection.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
  const utils = await makeWorkerUtils({
    pgPool,
    logger: queueLogger,
  });
  let scanning = false;
  const timer = setInterval(async () => {
    if (scanning) return;
    scanning = true;
    try {
      await unlockDeadSenders(app, utils);
    } catch (error) {
      logger('webhooks').error({ err: error }, 'dead worker scan failed');
    } finally {
      scanning = false;
    }
  }, options.watchdogMs ?? 30_000);
  return {
    runner,
    async stop() {
      clearInterval(timer);
      await runner.stop();
      await utils.release();
      await pgPool.end();
    },
  };
}
