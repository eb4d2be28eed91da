import type { Config } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import type { EmbeddedDatabase } from './db/embedded.js';
import { NotifyListener } from './db/notify-listener.js';
import { databaseReady, startServer } from './http/server.js';
import { configureLogging } from './observability/log.js';
import { Metrics } from './observability/metrics.js';
import { startMetricsServer } from './observability/metrics-server.js';
import { type Realtime, type RealtimeLimits, startRealtime } from './realtime/realtime.js';
import { createServices, type Services } from './services/index.js';
import { runJobCounts } from './sync/queue.js';
import {
  type BackgroundWorkerOptions,
  type SyncWorkerOptions,
  startSyncWorker,
} from './sync/worker.js';

/**
 * What the transports of one process share, built once by createApp and never changed after:
 * configuration, database, services, and (on processes that serve) live delivery.
 */
export interface App {
  readonly config: Config;
  readonly database: Database;
  readonly services: Services;
  /** Set on processes that serve subscriptions (ROLE all or api). */
  readonly realtime: Realtime | null;
  /** This process's Prometheus metrics (served on /metrics). */
  readonly metrics: Metrics;
}

/** A running process: the App plus where it listens and how to stop it, last part first. */
export interface AppHandle extends App {
  /** Where the API listens (null when `serve` is false or the role is worker). */
  readonly url: string | null;
  /** The embedded PostgreSQL this process started, if any. */
  readonly embedded: EmbeddedDatabase | null;
  stop(): Promise<void>;
}

export interface AppOptions {
  /** An opened database to use instead of opening the configured one (tests, the bench). */
  database?: Database;
  /** The CLI connects to the embedded database of a running server instead of starting one. */
  shareRunningDatabase?: boolean;
  /** Serve HTTP, SSE and WebSockets when the role allows it (default true). */
  serve?: boolean;
  /** Run sync workers when the role allows it (default true), with these options. */
  worker?: boolean | SyncWorkerOptions;
  /** Options of the webhook deliveries and history retention, run wherever sync workers run. */
  background?: BackgroundWorkerOptions;
  realtimeLimits?: Partial<RealtimeLimits>;
}

/**
 * The one composition root: database, the LISTEN connection (shared by realtime and the
 * worker), realtime (api role), services, the worker (worker role: sync runs, webhook
 * deliveries and history retention) and server, in that order. `stop` undoes them in
 * reverse; a database passed in `options.database` belongs to the caller and stays open.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<AppHandle> {
  configureLogging(config);
  const metrics = new Metrics();
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    let database = options.database;
    let embedded: EmbeddedDatabase | null = null;
    if (!database) {
      const opened = await openDatabase(config, { shareRunning: options.shareRunningDatabase });
      database = opened.database;
      embedded = opened.embedded ?? null;
      const ownDatabase = database;
      stops.push(async () => {
        await ownDatabase.close();
        await embedded?.stop();
      });
    }
    const serves = options.serve !== false && config.role !== 'worker';
    const worker = options.worker ?? true;
    const works = worker !== false && config.role !== 'api';
    // One LISTEN connection for the process, shared by live delivery and the sync worker.
    let listener: NotifyListener | null = null;
    if (serves || works) {
      const opened = new NotifyListener(database.url, {
        onReconnect: () => metrics.listenReconnects.inc(),
      });
      await opened.start();
      stops.push(() => opened.stop());
      listener = opened;
    }
    const realtime =
      serves && listener ? await startRealtime(database, listener, options.realtimeLimits) : null;
    if (realtime) stops.push(realtime.stop);
    const { pool } = database;
    metrics.observe({
      queueDepth: () => runJobCounts(pool),
      ...(realtime ? { connections: () => realtime.connections.open } : {}),
    });
    metrics.observePools({
      request: database.pool,
      upload: database.uploadPool,
      export: database.exportPool,
      run: database.runPool,
    });
    const services = createServices({ config, database, realtime });
    const app: App = Object.freeze({ config, database, services, realtime, metrics });
    if (works && listener) {
      const scheduler = await startSyncWorker(
        { config, database, metrics, listener },
        worker === true ? {} : worker,
        options.background,
      );
      stops.push(scheduler.stop);
    }
    if (config.metricsPort !== null) {
      const metricsServer = await startMetricsServer(metrics, {
        port: config.metricsPort,
        host: config.host,
        ready: () => databaseReady(app),
      });
      stops.push(metricsServer.close);
    }
    let url: string | null = null;
    if (serves) {
      const server = await startServer(app, { port: config.port, host: config.host });
      stops.push(server.close);
      url = server.url;
    }
    return Object.freeze({ ...app, url, embedded, stop: stopAll });
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
