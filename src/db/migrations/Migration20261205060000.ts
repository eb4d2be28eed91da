import { Migration } from '@mikro-orm/migrations';

/**
 * `api_token.last_used_at`: when the token last authenticated a request, to the minute
 * (src/auth/tokens.ts writes it at most once a minute per token, never on every request).
 * The `api_token_revoked` trigger fires on `update of revoked_at` only, so recording a use
 * announces nothing.
 */
export class Migration20261205060000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "api_token" add column "last_used_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_token" drop column "last_used_at";`);
  }
}
