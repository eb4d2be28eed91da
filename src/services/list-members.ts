import type { Caller } from '../auth/tokens.js';
import type { Queryable } from '../db/transaction.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { marketoOutboxCtes } from '../marketo/outbox.js';
import type { IdentityChange } from '../sync/changes.js';
import { writeIdentities } from './identity-writes.js';
import type { ServiceDeps } from './index.js';

export const MAX_LIST_MEMBERS_PER_CALL = 10_000;

/**
 * Members added to or removed from static lists by hand, in the caller's workspace; each
 * change triggers, in its own transaction, the sync jobs it can affect.
 */
export function createListMemberVerbs(deps: ServiceDeps) {
  const { pool } = deps.database;

  /** Checks the list and every lead exist in the workspace; returns the distinct lead ids. */
  async function checkMembers(
    workspaceId: string,
    listId: string,
    leadIds: readonly string[],
  ): Promise<string[]> {
    if (leadIds.length > MAX_LIST_MEMBERS_PER_CALL) {
      throw ValidationError.field(
        ['input', 'leadIds'],
        `input.leadIds: at most ${MAX_LIST_MEMBERS_PER_CALL} per call`,
      );
    }
    const distinct = [...new Set(leadIds)];
    const { rows } = await pool.query<{ list_found: boolean; leads_found: number }>(
      `select exists (select 1 from static_list where workspace_id = $1 and id = $2) as list_found,
              (select count(*)::int from lead where workspace_id = $1 and id = any($3::bigint[]))
                as leads_found`,
      [workspaceId, listId, distinct],
    );
    if (!rows[0].list_found) throw new NotFoundError('List');
    if (rows[0].leads_found !== distinct.length) throw new NotFoundError('Lead');
    return distinct;
  }

  /**
   * Checks a hand-made membership change (see checkMembers), applies it (`change` gets the
   * workspace, the list and the distinct lead ids as its parameters) and, in the same
   * transaction, triggers the sync jobs it can affect: it can contradict a sync's mirror (a
   * removed lead that is still matched), so its leads count as a change like any other. The list's own sync job is
   * locked first, the order a run applying to the list takes too, so the two cannot deadlock.
   */
  async function changeMembership<Row extends { lead_id: string }>(
    caller: Caller,
    input: { listId: string; leadIds: readonly string[] },
    change: (tx: Queryable, params: [string, string, string[]]) => Promise<{ rows: Row[] }>,
  ): Promise<Row[]> {
    const { workspaceId } = caller;
    const { listId } = input;
    const leadIds = await checkMembers(workspaceId, listId, input.leadIds);
    return writeIdentities(
      deps,
      workspaceId,
      async (tx) => {
        const { rows } = await change(tx, [workspaceId, listId, leadIds]);
        const changed: IdentityChange | null =
          rows.length === 0
            ? null
            : { workspaceId, kind: 'LEADS', leadIds: rows.map((row) => row.lead_id) };
        return { changes: [changed], result: rows };
      },
      {
        lock: (tx) =>
          tx
            .query(
              'select 1 from sync_job where workspace_id = $1 and list_id = $2 order by id for update',
              [workspaceId, listId],
            )
            .then(() => undefined),
      },
    );
  }

  return {
    /**
     * Adds leads to a list by hand (source MANUAL) in one statement. A lead the list already
     * has through a sync becomes a manual member, so no sync will ever remove it. Returns how
     * many leads were not on the list before.
     */
    async addMembers(
      caller: Caller,
      input: { listId: string; leadIds: readonly string[] },
    ): Promise<number> {
      const rows = await changeMembership(caller, input, (tx, params) =>
        tx.query<{ lead_id: string; inserted: boolean }>(
          // A lead that was not on the list enters it (history, no run); one taken over from
          // the sync was already a member, so nothing enters.
          `with changed as (
             insert into list_membership (workspace_id, list_id, lead_id, source)
             select $1, $2, lead_id, 'MANUAL' from unnest($3::bigint[]) as lead_id
             on conflict (workspace_id, list_id, lead_id) do update set source = 'MANUAL'
               where list_membership.source <> 'MANUAL'
             returning lead_id, (xmax = 0) as inserted
           ), history as (
             insert into membership_change (workspace_id, list_id, lead_id, kind, source)
             select $1, $2, lead_id, 'ENTERED', 'MANUAL' from changed where inserted
           ), ${marketoOutboxCtes('(select lead_id from changed where inserted)', 'ADD')}
           select lead_id, inserted from changed`,
          params,
        ),
      );
      return rows.filter((row) => row.inserted).length;
    },

    /** Removes leads from a list, whatever the source of their membership; returns how many. */
    async removeMembers(
      caller: Caller,
      input: { listId: string; leadIds: readonly string[] },
    ): Promise<number> {
      const rows = await changeMembership(caller, input, (tx, params) =>
        tx.query<{ lead_id: string }>(
          `with changed as (
             delete from list_membership
              where workspace_id = $1 and list_id = $2 and lead_id = any($3::bigint[])
              returning lead_id
           ), history as (
             insert into membership_change (workspace_id, list_id, lead_id, kind, source)
             select $1, $2, lead_id, 'LEFT', 'MANUAL' from changed
           ), ${marketoOutboxCtes('changed', 'REMOVE')}
           select lead_id from changed`,
          params,
        ),
      );
      return rows.length;
    },
  };
}
