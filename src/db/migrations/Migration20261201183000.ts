import { Migration } from '@mikro-orm/migrations';

/**
 * A BRIN index on webhook_delivery.created_at, as membership_change has on `at`: the hourly
 * retention task deletes finished deliveries older than HISTORY_RETENTION_DAYS, and deliveries
 * are appended in creation order, so a block range index (a few pages for millions of rows)
 * leads that delete to the old ones instead of a scan of the whole table.
 */
export class Migration20261201183000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "webhook_delivery_created_at_index" on "webhook_delivery" using brin ("created_at");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "webhook_delivery_created_at_index";`);
  }
}
