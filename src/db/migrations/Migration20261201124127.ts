import { Migration } from '@mikro-orm/migrations';

/** Membership history (one row per lead entering or leaving a list) and webhooks. */
export class Migration20261201124127 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "membership_change" ("workspace_id" bigint not null, "id" bigserial not null, "list_id" bigint not null, "lead_id" bigint not null, "kind" text check ("kind" in ('ENTERED', 'LEFT')) not null, "source" text check ("source" in ('MANUAL', 'SYNC')) not null, "run_id" bigint null, "at" timestamptz not null default now(), constraint "membership_change_pkey" primary key ("workspace_id", "id"));`,
    );
    this.addSql(
      `create index "membership_change_list_index" on "membership_change" ("workspace_id", "list_id", "id");`,
    );
    this.addSql(
      `create index "membership_change_run_index" on "membership_change" ("workspace_id", "run_id", "id") where "run_id" is not null;`,
    );
    // Rows arrive in time order, so a BRIN index finds the expired ones for almost no upkeep.
    this.addSql(
      `create index "membership_change_at_index" on "membership_change" using brin ("at");`,
    );

    this.addSql(
      `create table "webhook" ("id" bigserial primary key, "workspace_id" bigint not null, "url" text not null, "events" text[] not null, "description" text null, "secret" text not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "webhook_workspace_id_index" on "webhook" ("workspace_id");`);
    this.addSql(
      `alter table "webhook" add constraint "webhook_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `create table "webhook_delivery" ("id" bigserial primary key, "workspace_id" bigint not null, "webhook_id" bigint not null, "event_type" varchar(64) not null, "message_id" varchar(64) not null, "payload" text not null, "status" text check ("status" in ('PENDING', 'DELIVERED', 'FAILED')) not null default 'PENDING', "attempts" int not null default 0, "response_status" int null, "last_error" text null, "next_attempt_at" timestamptz null, "created_at" timestamptz not null default now(), "delivered_at" timestamptz null);`,
    );
    this.addSql(
      `create index "webhook_delivery_webhook_id_id_index" on "webhook_delivery" ("webhook_id", "id");`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_webhook_id_foreign" foreign key ("webhook_id") references "webhook" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `create table "webhook_attempt" ("delivery_id" bigint not null, "attempt" int not null, "at" timestamptz not null default now(), "response_status" int null, "error" text null, "duration_ms" int not null, constraint "webhook_attempt_pkey" primary key ("delivery_id", "attempt"));`,
    );
    this.addSql(
      `alter table "webhook_attempt" add constraint "webhook_attempt_delivery_id_foreign" foreign key ("delivery_id") references "webhook_delivery" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_attempt" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "webhook" cascade;`);
    this.addSql(`drop table if exists "membership_change" cascade;`);
  }
}
