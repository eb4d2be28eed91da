import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Realtime } from './realtime/realtime.js';
import type { SyncScheduler } from './sync/worker.js';

/**
 * The long-lived services of one process, shared by every request. Each later capability
 * (scheduler, pub/sub) adds its handle here so resolvers reach it through the context.
 */
export interface App {
  config: Config;
  database: Database;
  /** Set while this process executes sync runs (ROLE all or worker). */
  sync?: SyncScheduler;
  /** Set while this process serves subscriptions (ROLE all or api): pubsub fed by LISTEN. */
  realtime?: Realtime;
}

/** What a writer needs to record its change and the sync triggers it causes. */
export type WriterApp = Pick<App, 'config' | 'database'>;
