import { Migration } from '@mikro-orm/migrations';

/** The statement-level triggers that keep static_list.member_count, one per writing event. */
const TRIGGERS: [name: string, event: string, referencing: string][] = [
  ['list_membership_count_insert', 'insert', 'new table as new_rows'],
  ['list_membership_count_delete', 'delete', 'old table as old_rows'],
  ['list_membership_count_update', 'update', 'old table as old_rows new table as new_rows'],
];

/**
 * Each list's member count on its static_list row, kept by the database itself, and an index
 * of the manual members, so that an incremental run's stats no longer count the whole list:
 * at 10,000,000 ECIDs a synced list has 2,500,000 members, a second's pass after every
 * incremental run, which the next run of the workspace waited for.
 *
 * The count is kept by statement-level triggers with transition tables on list_membership:
 * every writer (the runs' diffs, addListMembers and removeListMembers, a test's seed, an
 * operator's hand) keeps it true without knowing of it, and a statement adds one UPDATE per
 * list it touched, not one per row. An UPDATE is counted too, in case one ever moves a
 * membership to another list (today only `source` changes, which leaves the counts alone).
 *
 * The UPDATE of static_list holds the list's row lock until the writer's COMMIT. That lock
 * (FOR NO KEY UPDATE) does not conflict with the key-share locks that foreign keys to the list
 * take, nor with any read; it makes two writers of the same list's members wait for each
 * other, which the runs and the manual changes already do (both lock the list's sync job
 * first, see changeMembership), so an INITIAL run holding it until its COMMIT delays nobody
 * who was not already waiting.
 *
 * The manual members (source MANUAL; the other source is SYNC) get a partial index, so that
 * the matched leads are the synced members plus a look-up of the manual ones only.
 */
export class Migration20261205090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "static_list" add column "member_count" bigint not null default 0;`);
    this.addSql(
      `create index "list_membership_manual_index" on "list_membership" ("workspace_id", "list_id", "lead_id") where "source" = 'MANUAL';`,
    );
    // Transition tables that the trigger was not declared with are never read: each branch
    // reads only those of its own event.
    this.addSql(`create function list_membership_count() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update static_list l set member_count = l.member_count + d.n
      from (select workspace_id, list_id, count(*) as n from new_rows group by 1, 2) d
     where l.workspace_id = d.workspace_id and l.id = d.list_id;
  elsif tg_op = 'DELETE' then
    update static_list l set member_count = l.member_count - d.n
      from (select workspace_id, list_id, count(*) as n from old_rows group by 1, 2) d
     where l.workspace_id = d.workspace_id and l.id = d.list_id;
  else
    update static_list l set member_count = l.member_count + d.n
      from (select workspace_id, list_id, sum(n) as n
              from (select workspace_id, list_id, 1 as n from new_rows
                    union all select workspace_id, list_id, -1 from old_rows) moved
             group by 1, 2 having sum(n) <> 0) d
     where l.workspace_id = d.workspace_id and l.id = d.list_id;
  end if;
  return null;
end $$;`);
    for (const [name, event, referencing] of TRIGGERS) {
      this.addSql(
        `create trigger "${name}" after ${event} on "list_membership" referencing ${referencing} for each statement execute function list_membership_count();`,
      );
    }
    // Counted after the triggers exist, in the migration's transaction: CREATE TRIGGER locks
    // out every writer of list_membership until COMMIT, so no change falls between the two.
    this.addSql(`update "static_list" l set "member_count" = c.n
  from (select workspace_id, list_id, count(*) as n from "list_membership" group by 1, 2) c
 where l.workspace_id = c.workspace_id and l.id = c.list_id;`);
  }

  override async down(): Promise<void> {
    for (const [name] of TRIGGERS) this.addSql(`drop trigger "${name}" on "list_membership";`);
    this.addSql('drop function list_membership_count();');
    this.addSql('drop index "list_membership_manual_index";');
    this.addSql('alter table "static_list" drop column "member_count";');
  }
}
