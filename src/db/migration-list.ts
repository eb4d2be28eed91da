import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128141606 } from './migrations/Migration20261128141606.js';
import { Migration20261128145155 } from './migrations/Migration20261128145155.js';
import { Migration20261201123855 } from './migrations/Migration20261201123855.js';
import { Migration20261201124127 } from './migrations/Migration20261201124127.js';
import { Migration20261201124513 } from './migrations/Migration20261201124513.js';
import { Migration20261201131009 } from './migrations/Migration20261201131009.js';
import { Migration20261201170000 } from './migrations/Migration20261201170000.js';
import { Migration20261201183000 } from './migrations/Migration20261201183000.js';
import { Migration20261205010000 } from './migrations/Migration20261205010000.js';
import { Migration20261205040000 } from './migrations/Migration20261205040000.js';
import { Migration20261205050000 } from './migrations/Migration20261205050000.js';
import { Migration20261205060000 } from './migrations/Migration20261205060000.js';
import { Migration20261205070000 } from './migrations/Migration20261205070000.js';
import { Migration20261205090000 } from './migrations/Migration20261205090000.js';

/**
 * Every committed migration, imported statically so they load the same way under tsx,
 * vitest and plain Node. `npm run migration:create` writes a new file: add it here too
 * (test/migrations.test.ts fails when one is missing).
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128141606', class: Migration20261128141606 },
  { name: 'Migration20261128145155', class: Migration20261128145155 },
  { name: 'Migration20261201123855', class: Migration20261201123855 },
  { name: 'Migration20261201124127', class: Migration20261201124127 },
  { name: 'Migration20261201124513', class: Migration20261201124513 },
  { name: 'Migration20261201131009', class: Migration20261201131009 },
  { name: 'Migration20261201170000', class: Migration20261201170000 },
  { name: 'Migration20261201183000', class: Migration20261201183000 },
  { name: 'Migration20261205010000', class: Migration20261205010000 },
  { name: 'Migration20261205040000', class: Migration20261205040000 },
  { name: 'Migration20261205050000', class: Migration20261205050000 },
  { name: 'Migration20261205060000', class: Migration20261205060000 },
  { name: 'Migration20261205070000', class: Migration20261205070000 },
  { name: 'Migration20261205090000', class: Migration20261205090000 },
];
