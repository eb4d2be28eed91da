import { Migration } from '@mikro-orm/migrations';

/**
 * Adobe-native audience inputs: where an audience came from, the qualification time every
 * membership was last set with (exits kept in audience_exit, so a stale statement cannot undo
 * a newer one), the audiences each Audience Manager destination delivered, and the parts and
 * control files of Audience Manager full sets held until they are complete.
 */
export class Migration20261201124513 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "audience" add column "source" text check ("source" in ('API', 'EXPERIENCE_PLATFORM', 'AUDIENCE_MANAGER')) not null default 'API';`,
    );
    this.addSql(
      `alter table "audience_member" add column "qualified_at" timestamptz not null default now();`,
    );
    this.addSql(
      `create table "audience_exit" ("workspace_id" bigint not null, "audience_id" bigint not null, "ecid" varchar(38) not null, "qualified_at" timestamptz not null, constraint "audience_exit_pkey" primary key ("workspace_id", "audience_id", "ecid"));`,
    );
    this.addSql(
      `create table "aam_destination_audience" ("workspace_id" bigint not null, "destination_id" text not null, "audience_id" bigint not null, constraint "aam_destination_audience_pkey" primary key ("workspace_id", "destination_id", "audience_id"));`,
    );
    this.addSql(
      `create table "aam_full_part" ("workspace_id" bigint not null, "set_name" text not null, "file_name" text not null, "destination_id" text not null, "line_count" int not null, "byte_size" bigint not null, "md5" text not null, "raw_md5" text not null, "received_at" timestamptz not null default now(), constraint "aam_full_part_pkey" primary key ("workspace_id", "set_name", "file_name"));`,
    );
    this.addSql(
      `create table "aam_full_row" ("workspace_id" bigint not null, "set_name" text not null, "file_name" text not null, "seq" bigint not null, "external_id" text not null, "ecid" varchar(38) not null, "member" boolean not null, constraint "aam_full_row_pkey" primary key ("workspace_id", "set_name", "file_name", "seq"));`,
    );
    this.addSql(
      `create table "aam_full_control" ("workspace_id" bigint not null, "set_name" text not null, "destination_id" text not null, "files" jsonb not null, "received_at" timestamptz not null default now(), constraint "aam_full_control_pkey" primary key ("workspace_id", "set_name"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "aam_full_control" cascade;`);
    this.addSql(`drop table if exists "aam_full_row" cascade;`);
    this.addSql(`drop table if exists "aam_full_part" cascade;`);
    this.addSql(`drop table if exists "aam_destination_audience" cascade;`);
    this.addSql(`drop table if exists "audience_exit" cascade;`);
    this.addSql(`alter table "audience_member" drop column "qualified_at";`);
    this.addSql(`alter table "audience" drop column "source";`);
  }
}
