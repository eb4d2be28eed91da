import { Migration } from '@mikro-orm/migrations';

/**
 * Lists delivered into Marketo:
 * - `marketo_connection`: one per workspace; the client secret sealed (never read back by any
 *   field), the share of the subscription's limits, the connection's status.
 * - `marketo_mirror`: a list mirrored into one Marketo static list (one mirror per list and per
 *   Marketo list in a workspace); `next_reconcile_at` is when its RECONCILE push falls due
 *   (null: MARKETO_RECONCILE_INTERVAL_MS after its creation).
 * - `marketo_lead`: the Marketo lead id found for a lead's email (null: no Marketo lead had the
 *   email when it was looked up).
 * - `marketo_outbox`: per mirror, what Marketo has not acknowledged yet; one row per lead, the
 *   latest change wins. Written by the same statement that changes the list's membership
 *   and records it in `membership_change` (sync runs and manual changes alike).
 * - `marketo_mirror_member`: the leads the mirror itself added to the Marketo list and Marketo
 *   acknowledged: the only ones it may ever remove.
 * - `marketo_push` and `marketo_push_record`: each push, its counters and its per-record outcomes.
 */
export class Migration20261205050000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "marketo_connection" (
      "workspace_id" bigint not null primary key,
      "rest_endpoint" text not null,
      "identity_endpoint" text not null,
      "client_id" text not null,
      "client_secret_sealed" text null,
      "calls_per20_seconds" int not null,
      "concurrent_calls" int not null,
      "daily_call_budget" int not null,
      "status" text check ("status" in ('CONNECTED', 'AUTH_FAILED', 'QUOTA_EXHAUSTED', 'DISCONNECTED')) not null,
      "connected_at" timestamptz not null default now(),
      "last_error" text null,
      "quota_resets_at" timestamptz null);`);
    this.addSql(
      `alter table "marketo_connection" add constraint "marketo_connection_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`create table "marketo_mirror" (
      "id" bigserial primary key,
      "workspace_id" bigint not null,
      "list_id" bigint not null,
      "marketo_list_id" int not null,
      "marketo_list_name" text not null,
      "lead_matching" text check ("lead_matching" in ('EXISTING_LEADS', 'CREATE_MISSING')) not null,
      "status" text check ("status" in ('ACTIVE', 'PAUSED', 'FAILED')) not null,
      "created_at" timestamptz not null default now(),
      "next_reconcile_at" timestamptz null);`);
    this.addSql(
      `create unique index "marketo_mirror_workspace_id_list_id_unique" on "marketo_mirror" ("workspace_id", "list_id");`,
    );
    this.addSql(
      `create unique index "marketo_mirror_workspace_id_marketo_list_id_unique" on "marketo_mirror" ("workspace_id", "marketo_list_id");`,
    );
    this.addSql(
      `alter table "marketo_mirror" add constraint "marketo_mirror_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "marketo_mirror" add constraint "marketo_mirror_list_id_foreign" foreign key ("list_id") references "static_list" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`create table "marketo_lead" (
      "workspace_id" bigint not null,
      "lead_id" bigint not null,
      "marketo_lead_id" int null,
      "looked_up_at" timestamptz not null default now(),
      constraint "marketo_lead_pkey" primary key ("workspace_id", "lead_id"));`);

    this.addSql(`create table "marketo_outbox" (
      "mirror_id" bigint not null,
      "lead_id" bigint not null,
      "workspace_id" bigint not null,
      "action" text check ("action" in ('ADD', 'REMOVE')) not null,
      "queued_at" timestamptz not null default now(),
      constraint "marketo_outbox_pkey" primary key ("mirror_id", "lead_id"));`);
    this.addSql(
      `alter table "marketo_outbox" add constraint "marketo_outbox_mirror_id_foreign" foreign key ("mirror_id") references "marketo_mirror" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`create table "marketo_mirror_member" (
      "mirror_id" bigint not null,
      "lead_id" bigint not null,
      "workspace_id" bigint not null,
      "marketo_lead_id" int not null,
      "added_at" timestamptz not null default now(),
      constraint "marketo_mirror_member_pkey" primary key ("mirror_id", "lead_id"));`);
    this.addSql(
      `alter table "marketo_mirror_member" add constraint "marketo_mirror_member_mirror_id_foreign" foreign key ("mirror_id") references "marketo_mirror" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`create table "marketo_push" (
      "id" bigserial primary key,
      "workspace_id" bigint not null,
      "mirror_id" bigint not null,
      "trigger" text check ("trigger" in ('INITIAL', 'CHANGES', 'RECONCILE', 'MANUAL')) not null,
      "status" text check ("status" in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED')) not null,
      "created_at" timestamptz not null default now(),
      "started_at" timestamptz null,
      "finished_at" timestamptz null,
      "heartbeat_at" timestamptz null,
      "added" int not null default 0,
      "removed" int not null default 0,
      "leads_created" int not null default 0,
      "not_in_marketo" int not null default 0,
      "skipped" int not null default 0,
      "calls" int not null default 0,
      "error" text null);`);
    this.addSql(
      `create index "marketo_push_mirror_id_id_index" on "marketo_push" ("mirror_id", "id");`,
    );
    // At most one push waiting per mirror: triggers fold into it (src/marketo/push-queue.ts).
    this.addSql(
      `create unique index "marketo_push_queued_unique" on "marketo_push" ("mirror_id") where "status" = 'QUEUED';`,
    );
    // The pushes in progress, which the worker's watchdog looks at for dead workers.
    this.addSql(
      `create index "marketo_push_running_index" on "marketo_push" ("heartbeat_at") where "status" = 'RUNNING';`,
    );
    this.addSql(
      `alter table "marketo_push" add constraint "marketo_push_mirror_id_foreign" foreign key ("mirror_id") references "marketo_mirror" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`create table "marketo_push_record" (
      "push_id" bigint not null,
      "seq" int not null,
      "workspace_id" bigint not null,
      "lead_id" bigint not null,
      "email" text not null,
      "marketo_lead_id" int null,
      "action" text check ("action" in ('ADD', 'REMOVE')) not null,
      "outcome" text check ("outcome" in ('ADDED', 'REMOVED', 'CREATED', 'NOT_IN_MARKETO', 'SKIPPED')) not null,
      "reason_code" text null,
      "reason" text null,
      constraint "marketo_push_record_pkey" primary key ("push_id", "seq"));`);
    this.addSql(
      `alter table "marketo_push_record" add constraint "marketo_push_record_push_id_foreign" foreign key ("push_id") references "marketo_push" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "marketo_push_record" cascade;`);
    this.addSql(`drop table if exists "marketo_push" cascade;`);
    this.addSql(`drop table if exists "marketo_mirror_member" cascade;`);
    this.addSql(`drop table if exists "marketo_outbox" cascade;`);
    this.addSql(`drop table if exists "marketo_lead" cascade;`);
    this.addSql(`drop table if exists "marketo_mirror" cascade;`);
    this.addSql(`drop table if exists "marketo_connection" cascade;`);
  }
}
