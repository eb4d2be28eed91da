import { Migration } from '@mikro-orm/migrations';

export class Migration20261128141606 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audience_member" ("workspace_id" bigint not null, "audience_id" bigint not null, "ecid" varchar(38) not null, "added_at" timestamptz not null default now(), constraint "audience_member_pkey" primary key ("workspace_id", "audience_id", "ecid"));`,
    );

    this.addSql(
      `create table "cookie_sync" ("workspace_id" bigint not null, "ecid" varchar(38) not null, "cookie_id" varchar(255) not null, "synced_at" timestamptz not null default now(), constraint "cookie_sync_pkey" primary key ("workspace_id", "ecid", "cookie_id"));`,
    );
    this.addSql(
      `create index "cookie_sync_workspace_id_cookie_id_index" on "cookie_sync" ("workspace_id", "cookie_id");`,
    );

    this.addSql(
      `create table "lead_association" ("id" bigserial primary key, "workspace_id" bigint not null, "cookie_id" varchar(255) not null, "lead_id" bigint not null, "previous_lead_id" bigint null, "source" varchar(32) not null, "associated_at" timestamptz not null default now());`,
    );
    this.addSql(
      `create index "lead_association_workspace_id_cookie_id_index" on "lead_association" ("workspace_id", "cookie_id");`,
    );

    this.addSql(
      `create table "list_membership" ("workspace_id" bigint not null, "list_id" bigint not null, "lead_id" bigint not null, "source" text check ("source" in ('MANUAL', 'SYNC')) not null, "added_at" timestamptz not null default now(), constraint "list_membership_pkey" primary key ("workspace_id", "list_id", "lead_id"));`,
    );
    this.addSql(
      `create index "list_membership_workspace_id_lead_id_index" on "list_membership" ("workspace_id", "lead_id");`,
    );

    this.addSql(
      `create table "munchkin_cookie" ("workspace_id" bigint not null, "cookie_id" varchar(255) not null, "lead_id" bigint null, "associated_at" timestamptz null, "association_source" varchar(32) null, "created_at" timestamptz not null default now(), constraint "munchkin_cookie_pkey" primary key ("workspace_id", "cookie_id"));`,
    );
    this.addSql(
      `create index "munchkin_cookie_workspace_id_lead_id_index" on "munchkin_cookie" ("workspace_id", "lead_id");`,
    );

    this.addSql(
      `create table "sync_event" ("workspace_id" bigint not null, "sync_job_id" bigint not null, "sequence" int not null, "run_id" bigint not null, "status" text check ("status" in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')) not null, "phase" text check ("phase" in ('QUEUED', 'LOADING_AUDIENCE', 'RESOLVING_IDENTITIES', 'WRITING_MEMBERSHIPS', 'COMPLETED', 'FAILED')) not null, "processed" int not null, "total" int not null, "stats" jsonb null, "at" timestamptz not null default now(), constraint "sync_event_pkey" primary key ("workspace_id", "sync_job_id", "sequence"));`,
    );

    this.addSql(
      `create table "workspace" ("id" bigserial primary key, "name" varchar(255) not null, "hipaa_ready" boolean not null default false, "created_at" timestamptz not null default now());`,
    );

    this.addSql(
      `create table "static_list" ("id" bigserial primary key, "workspace_id" bigint not null, "name" varchar(255) not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(
      `create unique index "static_list_name_unique" on "static_list" ("workspace_id", lower("name"));`,
    );

    this.addSql(
      `create table "lead" ("id" bigserial primary key, "workspace_id" bigint not null, "email" varchar(320) not null, "first_name" varchar(255) null, "last_name" varchar(255) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "lead_workspace_id_id_index" on "lead" ("workspace_id", "id");`);
    this.addSql(
      `alter table "lead" add constraint "lead_workspace_id_email_unique" unique ("workspace_id", "email");`,
    );

    this.addSql(
      `create table "experience_cloud_integration" ("workspace_id" bigint not null, "ims_org_id" varchar(64) not null, "cookie_sync_enabled" boolean not null, "configured_at" timestamptz not null, constraint "experience_cloud_integration_pkey" primary key ("workspace_id"));`,
    );

    this.addSql(
      `create table "audience_folder" ("id" bigserial primary key, "workspace_id" bigint not null, "parent_id" bigint null, "name" varchar(255) not null, "path" text not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(
      `create index "audience_folder_workspace_id_parent_id_index" on "audience_folder" ("workspace_id", "parent_id");`,
    );
    this.addSql(
      `create unique index "audience_folder_name_unique" on "audience_folder" ("workspace_id", coalesce("parent_id", 0), lower("name"));`,
    );

    this.addSql(
      `create table "audience" ("id" bigserial primary key, "workspace_id" bigint not null, "folder_id" bigint not null, "external_id" varchar(255) not null, "name" varchar(255) not null, "description" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(
      `create index "audience_workspace_id_folder_id_index" on "audience" ("workspace_id", "folder_id");`,
    );
    this.addSql(
      `alter table "audience" add constraint "audience_workspace_id_external_id_unique" unique ("workspace_id", "external_id");`,
    );

    this.addSql(
      `create table "sync_job" ("id" bigserial primary key, "workspace_id" bigint not null, "audience_id" bigint not null, "list_id" bigint not null, "status" text check ("status" in ('ACTIVE', 'PAUSED')) not null default 'ACTIVE', "last_sequence" int not null default 0, "next_run_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "sync_job" add constraint "sync_job_list_id_unique" unique ("list_id");`,
    );
    this.addSql(
      `create index "sync_job_workspace_id_audience_id_index" on "sync_job" ("workspace_id", "audience_id");`,
    );

    this.addSql(
      `create table "sync_run" ("id" bigserial primary key, "workspace_id" bigint not null, "sync_job_id" bigint not null, "trigger" text check ("trigger" in ('INITIAL', 'INCREMENTAL', 'SCHEDULED', 'MANUAL')) not null, "status" text check ("status" in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')) not null default 'QUEUED', "phase" text check ("phase" in ('QUEUED', 'LOADING_AUDIENCE', 'RESOLVING_IDENTITIES', 'WRITING_MEMBERSHIPS', 'COMPLETED', 'FAILED')) not null default 'QUEUED', "processed" int not null default 0, "total" int not null default 0, "stats" jsonb null, "error" text null, "attempts" int not null default 0, "created_at" timestamptz not null default now(), "started_at" timestamptz null, "finished_at" timestamptz null, "heartbeat_at" timestamptz null);`,
    );
    this.addSql(
      `create index "sync_run_sync_job_id_created_at_index" on "sync_run" ("sync_job_id", "created_at");`,
    );
    this.addSql(`create index "sync_run_status_index" on "sync_run" ("status");`);

    this.addSql(
      `create table "api_token" ("id" bigserial primary key, "workspace_id" bigint not null, "token_hash" varchar(64) not null, "scopes" text[] not null, "label" varchar(255) null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null);`,
    );
    this.addSql(
      `alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `alter table "static_list" add constraint "static_list_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "lead" add constraint "lead_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "experience_cloud_integration" add constraint "experience_cloud_integration_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "audience_folder" add constraint "audience_folder_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "audience_folder" add constraint "audience_folder_parent_id_foreign" foreign key ("parent_id") references "audience_folder" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "audience" add constraint "audience_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "audience" add constraint "audience_folder_id_foreign" foreign key ("folder_id") references "audience_folder" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sync_job" add constraint "sync_job_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sync_job" add constraint "sync_job_audience_id_foreign" foreign key ("audience_id") references "audience" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sync_job" add constraint "sync_job_list_id_foreign" foreign key ("list_id") references "static_list" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sync_run" add constraint "sync_run_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sync_run" add constraint "sync_run_sync_job_id_foreign" foreign key ("sync_job_id") references "sync_job" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "api_token" add constraint "api_token_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
  }
}
