import { type AppHandle, createApp } from './app.js';
import { ConfigError, loadConfig, lookalikeWarnings, StartupError } from './config.js';
import { releaseEmbeddedSignalHandlers } from './db/embedded.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { logger } from './observability/log.js';

/** Entry point: config -> createApp(config) -> graceful shutdown. */
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

  for (const warning of lookalikeWarnings()) console.warn(warning);
  let app: AppHandle;
  try {
    app = await createApp(config);
  } catch (error) {
    if (error instanceof StartupError || isDatabaseUnavailable(error)) {
      console.error(
        error instanceof StartupError
          ? error.message
          : `Cannot reach the database (DATABASE_URL): ${(error as Error).message}`,
      );
      process.exit(1);
    }
    throw error;
  }
  const handle = app;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger('service').info(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await handle.stop();
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

  const log = logger('service');
  if (app.embedded) {
    log.info(
      `Embedded PostgreSQL on port ${app.embedded.port}, data in ${config.dataDir}/postgres`,
    );
  }
  if (config.role !== 'api') log.info(`Sync worker running (ROLE=${config.role})`);
  if (app.url) {
    log.info(`GraphQL API and GraphiQL at ${app.url}/graphql`);
    const first = await app.services.workspaces.bootstrap();
    if (first) {
      // A secret for the person starting the service: on stderr, never into the log stream.
      console.error('Created a first workspace. Paste this header into GraphiQL:');
      console.error(`  {"Authorization": "Bearer ${first.token}"}`);
    }
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
