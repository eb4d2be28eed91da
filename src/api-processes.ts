import cluster, { type Worker } from 'node:cluster';
import { type AppHandle, createApp } from './app.js';
import type { Config } from './config.js';
import { logger } from './observability/log.js';

/** What an api process tells the primary once it listens. */
export interface ApiProcessReady {
  type: 'api-ready';
  url: string;
}

/** Longest the primary waits for its api processes to stop before it kills them. */
const STOP_TIMEOUT_MS = 15_000;
/** An api process that dies sooner than this after starting is not restarted (a crash loop). */
const MIN_UPTIME_MS = 5_000;

/** Tells the primary (when there is one) that this api process serves at `url`. */
export function announceApiProcess(url: string): void {
  if (cluster.isWorker) process.send?.({ type: 'api-ready', url } satisfies ApiProcessReady);
}

/**
 * `API_PROCESSES=N` above 1: this primary process owns the database side (the embedded
 * PostgreSQL when DATABASE_URL is unset, migrations, and for ROLE=all the sync worker) and
 * forks N api processes (ROLE=api) with node's cluster module. They all listen on PORT: the
 * primary accepts each connection and hands it to the next api process in turn, so
 * WebSockets and SSE streams, and thus subscriptions, are spread across them; each api process
 * has its own LISTEN connection, so every event reaches every one of them. An api process that
 * dies is replaced; one that cannot start stops them all (exit 1).
 *
 * Returns the primary's app and `stop`, which ends every api process (SIGTERM, each shutting
 * down in order; SIGKILL after 15 s) and then the primary's own app.
 */
export async function superviseApiProcesses(
  config: Config,
): Promise<{ app: AppHandle; url: string; stop(): Promise<void> }> {
  const app = await createApp(config, { serve: false });
  const env = {
    ROLE: 'api',
    API_PROCESSES: '1',
    DATABASE_URL: app.database.url,
  };
  let stopping = false;
  const workers = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork(env);
    const started = Date.now();
    workers.add(worker);
    worker.once('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) return;
      logger('service').error(
        `API process ${worker.process.pid} ended (${signal ?? `exit code ${code}`})`,
      );
      if (Date.now() - started < MIN_UPTIME_MS) return;
      logger('service').info('Starting a new API process in its place');
      fork();
    });
    return worker;
  };

  let url: string;
  try {
    const ready = Array.from({ length: config.apiProcesses }, () => {
      const worker = fork();
      return new Promise<string>((resolve, reject) => {
        worker.on('message', (message: ApiProcessReady) => {
          if (message?.type === 'api-ready') resolve(message.url);
        });
        worker.once('exit', (code) =>
          reject(new Error(`An API process could not start (exit code ${code})`)),
        );
      });
    });
    [url] = await Promise.all(ready);
  } catch (error) {
    await stopWorkers();
    await app.stop();
    throw error;
  }

  async function stopWorkers() {
    stopping = true;
    const exits = [...workers].map(
      (worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())),
    );
    for (const worker of workers) worker.process.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const worker of workers) worker.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await Promise.all(exits);
    clearTimeout(force);
  }

  return {
    app,
    url,
    async stop() {
      await stopWorkers();
      await app.stop();
    },
  };
}
