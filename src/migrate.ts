import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';

/**
 * `npm run migrate`: applies every pending migration to the configured database (the embedded
 * one without DATABASE_URL) and exits. Every process also migrates on start, under the same
 * lock, so this is for deploys that migrate before they roll out new processes.
 */
async function main() {
  const config = loadConfig();
  const { database, embedded } = await openDatabase(config, { shareRunning: true });
  await database.close();
  await embedded?.stop();
  console.log('Migrated');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
