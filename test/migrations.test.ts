import { readdirSync } from 'node:fs';
import { MikroORM } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';
import { migrationsList } from '../src/db/migration-list.js';
import { ormConfig } from '../src/db/orm-config.js';
import { createTestDatabase } from './support/harness.js';

describe('migrations', () => {
  it('lists every committed migration file, in order', () => {
    const files = readdirSync(new URL('../src/db/migrations', import.meta.url))
      .filter((file) => /^Migration\d+\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(migrationsList.map((migration) => migration.name)).toEqual(files);
  });

  // `npm run migration:create` diffs the entities against the schema snapshot: entities that
  // miss what a hand-written migration made would have it propose dropping that.
  it('leave a schema the entities describe in full: MikroORM finds nothing to change', async () => {
    const orm = await MikroORM.init(ormConfig(await createTestDatabase()));
    try {
      // graphile-worker's schema is its own (it migrates it itself).
      const sql = await orm
        .getSchemaGenerator()
        .getUpdateSchemaSQL({ wrap: false, schema: 'public' });
      expect(sql.trim()).toBe('');
    } finally {
      await orm.close(true);
    }
  });
});
