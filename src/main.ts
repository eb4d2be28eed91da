import type { App } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { releaseEmbeddedSignalHandlers } from './db/embedded.js';
import { startRealtime } from './realtime/realtime.js';
import { startServer } from './server.js';
import { bootstrapWorkspace } from './services/bootstrap.js';
import { startSyncWorker, stopSyncWorker } from './sync/worker.js';

/** Entry point: config -> database -> api and/or worker, with graceful shutdown. */
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

  const { database, embedded } = await openDatabase(config);
  if (embedded)
    console.log(`Embedded PostgreSQL on port ${embedded.port}, data in ${config.dataDir}/postgres`);
  const app: App = { config, database };
  const stops: (() => Promise<void>)[] = [];

  // Every role records sync triggers (in the writer's transaction); workers also run them.
  if (config.role !== 'api') {
    await startSyncWorker(app);
    stops.push(() => stopSyncWorker(app));
  }

  if (config.role !== 'worker') {
    // Subscriptions: this process LISTENs for progress published by any worker process.
    const realtime = await startRealtime(database);
    app.realtime = realtime;
    stops.push(realtime.stop);
    const server = await startServer(app, { port: config.port, host: config.host });
    stops.push(server.close);
    console.log(`GraphQL API and GraphiQL at ${server.url}/graphql`);
    const first = await bootstrapWorkspace(database.orm.em.fork());
    if (first) {
      console.log('Created a first workspace. Paste this header into GraphiQL:');
      console.log(`  {"Authorization": "Bearer ${first.token}"}`);
    }
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      for (const stop of stops.reverse()) await stop();
      await database.close();
      await embedded?.stop();
    } catch (error) {
      console.error('Error during shutdown', error);
      process.exitCode = 1;
    }
    process.exit();
  };
  // This process owns its shutdown order: the embedded database stops last.
  releaseEmbeddedSignalHandlers();
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
