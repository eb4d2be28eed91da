import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes Munchkin cookies by lead only where they have one. Every lookup by lead is an
 * equality, which never matches a null; anonymous cookies, most of what a cookie-sync upload
 * creates, no longer cost an index entry each.
 */
export class Migration20261201170000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "munchkin_cookie_workspace_id_lead_id_index";`);
    this.addSql(
      `create index "munchkin_cookie_workspace_id_lead_id_index" on "munchkin_cookie"
       ("workspace_id", "lead_id") where "lead_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "munchkin_cookie_workspace_id_lead_id_index";`);
    this.addSql(
      `create index "munchkin_cookie_workspace_id_lead_id_index" on "munchkin_cookie"
       ("workspace_id", "lead_id");`,
    );
  }
}
