import cluster from 'node:cluster';
import { announceApiProcess, superviseApiProcesses } from './api-processes.js';
import type { AppHandle } from './app.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig, lookalikeWarnings, StartupError } from './config.js';
import { releaseEmbeddedSignalHandlers } from './db/embedded.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { logger } from './observability/log.js';

/**
 * Entry point: config -> createApp(config) -> graceful shutdown. With API_PROCESSES above 1,
 * this process is the primary that supervises the api processes (src/api-processes.ts), and
 * each api process runs this same entry point as a cluster worker with ROLE=api.
 */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  // An api process of a cluster has the same environment: its primary already warned.
  if (!cluster.isWorker) for (const warning of lookalikeWarnings()) console.warn(warning);
  const supervising = cluster.isPrimary && config.apiProcesses > 1;
  let started: { app: AppHandle; url: string | null; stop(): Promise<void> };
  try {
    if (supervising) {
      started = await superviseApiProcesses(config);
    } else {
      const app = await createApp(config);
      started = { app, url: app.url, stop: app.stop };
    }
  } catch (error) {
    if (error instanceof StartupError || isDatabaseUnavailable(error)) {
      console.error(
        error instanceof StartupError
          ? error.message
          : `Cannot reach the database (DATABASE_URL): ${(error as Error).message}`,
      );
      process.exit(1);
    }
    if (supervising) {
      // The api process that failed has printed why.
      console.error((error as Error).message);
      process.exit(1);
    }
    throw error;
  }
  const { app } = started;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger('service').info(`${signal}: shutting down`);
    process.on('uncaughtException', lostWhileStopping);
    // Uploads in flight may drain for SHUTDOWN_DRAIN_MS first; the rest stops in seconds.
    const force = setTimeout(() => {
      logger('service').error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, config.shutdownDrainMs + 15_000);
    force.unref();
    try {
      await started.stop();
    } catch (error) {
      logger('service').error({ err: error }, 'Error during shutdown');
      process.exitCode = 1;
    }
    process.exit();
  };
  // This process owns its shutdown order: the embedded database stops last. Installed as soon
  // as there is something to stop, so a signal during the rest of start-up stops it in order.
  releaseEmbeddedSignalHandlers();
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // An api process whose primary is gone (killed) stops too, rather than serve on alone.
  if (cluster.isWorker) process.on('disconnect', () => void shutdown('primary gone'));

  const log = logger('service');
  if (app.embedded) {
    log.info(
      `Embedded PostgreSQL on port ${app.embedded.port}, data in ${config.dataDir}/postgres`,
    );
  }
  if (config.role !== 'api') log.info(`Sync worker running (ROLE=${config.role})`);
  if (cluster.isWorker) {
    // The primary prints where the API is and makes the first workspace, once for all.
    if (started.url) announceApiProcess(started.url);
    return;
  }
  if (started.url) {
    if (supervising) log.info(`${config.apiProcesses} API processes share the port`);
    log.info(`Web app at ${started.url}/`);
    log.info(`GraphQL API and GraphiQL at ${started.url}/graphql`);
    const first = await app.services.workspaces.bootstrap();
    if (first) {
      // A secret for the person starting the service: on stderr, never into the log stream.
      console.error('Created a first workspace. Sign in to the web app with this API token:');
      console.error(`  ${first.token}`);
      console.error('(GraphiQL then sends it too; elsewhere the header is');
      console.error(`  {"Authorization": "Bearer ${first.token}"})`);
    }
  }
}

/**
 * While the service stops, the database it stops (its own embedded one) ends every
 * connection still open, and on a pool of its own making graphile-worker removes the error
 * handlers before it ends the pool: such a connection's end arrives as an uncaught error. The
 * worker's graphile-worker pools run on a pg pool the service ends itself (src/sync/worker.ts);
 * this stays as the net for any other. Only during shutdown, and only a lost connection, is that
 * no failure; anything else ends the process with 1, as an uncaught error always does.
 */
function lostWhileStopping(error: Error): void {
  if (isConnectionLoss(error)) {
    logger('service').warn({ error: error.message }, 'a connection ended during shutdown');
    return;
  }
  console.error(error.stack ?? error.message);
  process.exit(1);
}

/** PostgreSQL's "terminating connection due to administrator command", or a socket gone. */
function isConnectionLoss(error: Error): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return (
    ['57P01', 'ECONNRESET', 'EPIPE'].includes(code) ||
    error.message.startsWith('Connection terminated') ||
    error.message.startsWith('terminating connection')
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
