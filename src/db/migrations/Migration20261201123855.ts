import { Migration } from '@mikro-orm/migrations';

export class Migration20261201123855 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "publishable_key" ("id" bigserial primary key, "workspace_id" bigint not null, "key" varchar(64) not null, "allowed_origins" text[] not null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null);`,
    );
    this.addSql(
      `alter table "publishable_key" add constraint "publishable_key_key_unique" unique ("key");`,
    );
    this.addSql(
      `create index "publishable_key_workspace_id_id_index" on "publishable_key" ("workspace_id", "id");`,
    );
    // Preflights carry no key: they are answered when any active key allows the origin.
    this.addSql(
      `create index "publishable_key_allowed_origins_index" on "publishable_key" using gin ("allowed_origins") where "revoked_at" is null;`,
    );
    this.addSql(
      `alter table "publishable_key" add constraint "publishable_key_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `create table "link_signing_secret" ("workspace_id" bigint not null, "secret" bytea not null, "created_at" timestamptz not null default now(), constraint "link_signing_secret_pkey" primary key ("workspace_id"));`,
    );
    this.addSql(
      `alter table "link_signing_secret" add constraint "link_signing_secret_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "link_signing_secret" cascade;`);
    this.addSql(`drop table if exists "publishable_key" cascade;`);
  }
}
