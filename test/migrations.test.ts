import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrationsList } from '../src/db/migration-list.js';

describe('migrations', () => {
  it('lists every committed migration file, in order', () => {
    const files = readdirSync(new URL('../src/db/migrations', import.meta.url))
      .filter((file) => /^Migration\d+\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(migrationsList.map((migration) => migration.name)).toEqual(files);
  });
});
