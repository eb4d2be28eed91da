import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { entities } from '../entities/index.js';
import { logger } from '../observability/log.js';
import { migrationsList } from './migration-list.js';

const migrationsDir = new URL('./migrations', import.meta.url).pathname;

/**
 * MikroORM options for one database URL. The service uses the ORM only to migrate, at start-up
 * (src/db/database.ts); `npm run migration:create` compares the entities with the last
 * snapshot (`snapshot: true`), and the read bench (bench/read-api.ts) opens one to compare its reads with pg's.
 */
export function ormConfig(
  clientUrl: string,
  extra: Partial<Options> = {},
  { snapshot = false }: { snapshot?: boolean } = {},
): Options {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl,
    entities,
    extensions: [Migrator],
    // Sources run as TypeScript (tsx, vitest); there is no separate build output to scan.
    preferTs: true,
    discovery: { warnWhenNoEntities: true },
    forceUtcTimezone: true,
    // The migrator (and the bench's comparison) sends one statement at a time.
    pool: { min: 0, max: 2 },
    migrations: {
      path: migrationsDir,
      pathTs: migrationsDir,
      glob: '!(*.d).{js,ts}',
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
      // The schema snapshot that migration:create diffs the entities against. Only that command
      // writes it (see mikro-orm.config.ts): with it on, every migration applied at start-up
      // rewrote this file in the source tree.
      snapshot,
      snapshotName: '.snapshot-audience-sync',
    },
    // graphile-worker owns its schema and migrates it itself; generated migrations ignore it.
    schemaGenerator: { skipTables: [/^graphile_worker\./] },
    debug: false,
    // The ORM's own lines (the migrator's) go into the process's log stream, without colours.
    colors: false,
    logger: (message) => logger('db').info(message),
    ...extra,
  });
}
