import { Migration } from '@mikro-orm/migrations';

/** The identity columns compared byte by byte, and the width each was declared with. */
const COLUMNS: [table: string, column: string, type: string][] = [
  ['audience_member', 'ecid', 'varchar(38)'],
  ['audience_exit', 'ecid', 'varchar(38)'],
  ['cookie_sync', 'ecid', 'varchar(38)'],
  ['cookie_sync', 'cookie_id', 'varchar(255)'],
  ['munchkin_cookie', 'cookie_id', 'varchar(255)'],
  ['lead_association', 'cookie_id', 'varchar(255)'],
];

/**
 * ECIDs and Munchkin cookie ids in the "C" collation (byte order) instead of the database's.
 * They are identifiers, never shown sorted as words: ECIDs are 38 digits and cookie ids
 * ASCII (`_mch-<domain>-<ms>-<random>`), so byte order is their natural order, and equality
 * is the same in every deterministic collation. Under a libc locale such as C.UTF-8 or
 * en_US.UTF-8 every comparison is a strcoll() call and sorts get no abbreviated keys: the
 * bulk merges spent seconds per million rows sorting staged ids and descending these
 * B-trees. Joins between these columns keep one collation; a text value of the default
 * collation (a parameter, a staging table) compared with them takes theirs, so their indexes
 * still serve those lookups. Only the indexes are rebuilt; the rows are not rewritten.
 */
export class Migration20261205070000 extends Migration {
  override async up(): Promise<void> {
    for (const [table, column, type] of COLUMNS) {
      this.addSql(`alter table "${table}" alter column "${column}" type ${type} collate "C";`);
    }
    // Changing a column's type drops its planner statistics. Without them, a workspace that
    // already holds millions of rows plans its next resolution blind (one measured at
    // 10,000,000 ECIDs took 519 s instead of about 50 s), so they are gathered again here
    // (ANALYZE reads a fixed sample: seconds even for large tables). An empty table stays
    // never analyzed, as on a new database: analyzed while empty, the planner would take it
    // for empty until autovacuum came by, instead of estimating from its pages.
    const tables = [...new Set(COLUMNS.map(([table]) => table))];
    this.addSql(`do $$
declare
  t text;
  has_rows boolean;
begin
  foreach t in array array['${tables.join("', '")}'] loop
    execute format('select exists (select from %I)', t) into has_rows;
    if has_rows then
      execute format('analyze %I', t);
    end if;
  end loop;
end $$;`);
  }

  override async down(): Promise<void> {
    for (const [table, column, type] of COLUMNS) {
      this.addSql(
        `alter table "${table}" alter column "${column}" type ${type} collate "default";`,
      );
    }
  }
}
