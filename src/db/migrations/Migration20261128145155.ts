import { Migration } from '@mikro-orm/migrations';

export class Migration20261128145155 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "sync_change" ("id" bigserial primary key, "workspace_id" bigint not null, "sync_job_id" bigint not null, "run_id" bigint null, "full" boolean not null default false, "ecids" text[] null, "cookie_ids" text[] null, "lead_ids" text[] null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(
      `create index "sync_change_workspace_id_sync_job_id_index" on "sync_change" ("workspace_id", "sync_job_id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sync_change" cascade;`);
  }
}
