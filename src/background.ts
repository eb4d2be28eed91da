import { parseCrontab, type Runner, run as runGraphileWorker } from 'graphile-worker';
import type { App } from './app.js';
import { quietWorkerLogger } from './db/database.js';
import {
  HISTORY_RETENTION_CRONTAB,
  HISTORY_RETENTION_TASK,
  retentionTask,
} from './history/retention.js';
import { type DeliveryTaskOptions, deliveryTask } from './webhooks/delivery-task.js';
import { WEBHOOK_DELIVERY_TASK } from './webhooks/queue.js';

export interface BackgroundWorkerOptions extends DeliveryTaskOptions {
  /** Deliveries sent at once by this process (default 4). */
  concurrency?: number;
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
  const runner = await runGraphileWorker({
    connectionString: app.database.url,
    concurrency: options.concurrency ?? 4,
    // New deliveries arrive by NOTIFY; a poll finds retries when they fall due.
    pollInterval: 1_000,
    noHandleSignals: true,
    logger: quietWorkerLogger,
    taskList: {
      [WEBHOOK_DELIVERY_TASK]: deliveryTask(app, options),
      [HISTORY_RETENTION_TASK]: retentionTask(app),
    },
    parsedCronItems: parseCrontab(HISTORY_RETENTION_CRONTAB),
  });
  return {
    runner,
    stop: () => runner.stop(),
  };
}
