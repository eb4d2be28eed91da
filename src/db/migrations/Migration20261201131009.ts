import { Migration } from '@mikro-orm/migrations';

/**
 * Announces every revoked or deleted token on `api_token_revoked` (payload: its id), whatever
 * revokes it (the CLI, the services, SQL by hand), so that every api process drops its cached
 * lookup of it at COMMIT. And indexes runs by job and id, the order in which a job's latest
 * run is read.
 */
export class Migration20261201131009 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create function api_token_revoked_notify() returns trigger language plpgsql as $$
       begin
         perform pg_notify('api_token_revoked', old.id::text);
         return null;
       end $$;`,
    );
    this.addSql(
      `create trigger api_token_revoked after update of revoked_at on api_token
       for each row when (new.revoked_at is not null and old.revoked_at is null)
       execute function api_token_revoked_notify();`,
    );
    this.addSql(
      `create trigger api_token_deleted after delete on api_token
       for each row execute function api_token_revoked_notify();`,
    );
    this.addSql(
      `create index "sync_run_sync_job_id_id_index" on "sync_run" ("sync_job_id", "id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "sync_run_sync_job_id_id_index";`);
    this.addSql(`drop trigger if exists api_token_deleted on api_token;`);
    this.addSql(`drop trigger if exists api_token_revoked on api_token;`);
    this.addSql(`drop function if exists api_token_revoked_notify();`);
  }
}
