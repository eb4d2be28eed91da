import { type AppHandle, createApp } from './app.js';
import { ConfigError, loadConfig, lookalikeWarnings, StartupError } from './config.js';
import { releaseEmbeddedSignalHandlers } from './db/embedded.js';
import { isDatabaseUnavailable } from './db/unavailable.js';

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
    console.log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await handle.stop();
    } catch (error) {
      console.error('Error during shutdown', error);
      process.exitCode = 1;
    }
    process.exit();
  };
  // This process owns its shutdown order: the embedded database stops last. Installed as soon
  // as there is something to stop, so a signal during the rest of start-up stops it in order.
  releaseEmbeddedSignalHandlers();
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (app.embedded) {
    console.log(
      `Embedded PostgreSQL on port ${app.embedded.port}, data in ${config.dataDir}/postgres`,
    );
  }
  if (config.role !== 'api') console.log(`Sync worker running (ROLE=${config.role})`);
  if (app.url) {
    console.log(`Web app at ${app.url}/`);
    console.log(`GraphQL API and GraphiQL at ${app.url}/graphql`);
    const first = await app.services.workspaces.bootstrap();
    if (first) {
      console.log('Created a first workspace. Sign in to the web app with this API token:');
      console.log(`  ${first.token}`);
      console.log('(GraphiQL then sends it too; elsewhere the header is');
      console.log(`  {"Authorization": "Bearer ${first.token}"})`);
    }
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
