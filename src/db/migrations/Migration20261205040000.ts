import { Migration } from '@mikro-orm/migrations';

/**
 * The Marketo limiter's state (src/marketo/limiter.ts), shared by every process of a
 * workspace: the calls granted and in flight (`marketo_limiter_slot`, kept for one rate window
 * after they end), the calls per Marketo day (`marketo_limiter_day`, for the daily budget and
 * `callsToday`), and a pause after Marketo's own 606/615 answers (`marketo_limiter_pause`).
 */
export class Migration20261205040000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "marketo_limiter_slot" ("id" bigserial primary key, "workspace_id" bigint not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "expires_at" timestamptz not null, "day" date not null, "holder" text not null);`,
    );
    this.addSql(
      `create index "marketo_limiter_slot_workspace_id_started_at_index" on "marketo_limiter_slot" ("workspace_id", "started_at");`,
    );
    this.addSql(
      `alter table "marketo_limiter_slot" add constraint "marketo_limiter_slot_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `create table "marketo_limiter_day" ("workspace_id" bigint not null, "day" date not null, "calls" int not null default 0, constraint "marketo_limiter_day_pkey" primary key ("workspace_id", "day"));`,
    );
    this.addSql(
      `alter table "marketo_limiter_day" add constraint "marketo_limiter_day_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `create table "marketo_limiter_pause" ("workspace_id" bigint not null primary key, "paused_until" timestamptz not null);`,
    );
    this.addSql(
      `alter table "marketo_limiter_pause" add constraint "marketo_limiter_pause_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "marketo_limiter_pause" cascade;`);
    this.addSql(`drop table if exists "marketo_limiter_day" cascade;`);
    this.addSql(`drop table if exists "marketo_limiter_slot" cascade;`);
  }
}
