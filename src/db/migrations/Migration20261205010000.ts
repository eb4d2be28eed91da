import { Migration } from '@mikro-orm/migrations';

/**
 * Qualification times from the future are refused on arrival now (at most a 5-minute skew),
 * but earlier versions stored them as sent: a membership or exit dated 9999 made every later
 * real statement for it a stale duplicate. Such times become the moment of this migration, so
 * the next statement Adobe sends for them applies again.
 */
export class Migration20261205010000 extends Migration {
  override async up(): Promise<void> {
    for (const table of ['audience_member', 'audience_exit']) {
      this.addSql(
        `update "${table}" set "qualified_at" = now() where "qualified_at" > now() + interval '5 minutes';`,
      );
    }
  }

  override async down(): Promise<void> {
    // Nothing to undo: the future times it replaced were never true.
  }
}
