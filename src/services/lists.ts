import type pg from 'pg';
import type { Caller } from '../auth/tokens.js';
import { isUniqueViolation, type Queryable } from '../db/transaction.js';
import { NameTakenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkName, required, searchText } from '../domain/validation.js';
import type { MembershipSource } from '../entities/list-membership.js';
import type { IdentityChange } from '../sync/changes.js';
import { likePattern } from './audiences.js';
import { countsBy, groupBy, inOrder } from './batches.js';
import { writeIdentities } from './identity-writes.js';
import type { ServiceDeps } from './index.js';
import { inIdOrder, isDbId, LIST_COLUMNS, type ListRow } from './read-rows.js';

export const MAX_LIST_MEMBERS_PER_CALL = 10_000;

/** The unique index on (workspace_id, lower(name)) of static_list. */
const LIST_NAME_UNIQUE = 'static_list_name_unique';

/**
 * Creates a static list named `name` (already checked with checkName) on `tx` and returns its
 * id. Names are unique per workspace whatever their case, and the unique index decides, so
 * concurrent creations cannot both win: the loser gets NameTakenError. Inside a transaction
 * the violation has aborted it, so the caller must let the error end the transaction. The one
 * way lists are created: the createList mutation and startAudienceSync's new list alike.
 */
export async function createListIn(tx: Queryable, workspaceId: string, name: string) {
  try {
    const { rows } = await tx.query<{ id: string }>(
      'insert into static_list (workspace_id, name) values ($1, $2) returning id',
      [workspaceId, name],
    );
    return rows[0].id;
  } catch (error) {
    if (isUniqueViolation(error, LIST_NAME_UNIQUE)) throw new NameTakenError('List', name);
    throw error;
  }
}

/** `$1` the workspace, `$2` the name's search pattern or null: the filter of `find` and `count`. */
const LIST_FILTER = 'l.workspace_id = $1 and ($2::text is null or l.name ilike $2)';

function listFilterParams(workspaceId: string, search?: string | null) {
  return [workspaceId, likePattern(searchText(search, ['search']))];
}

export interface ListMemberRow {
  list_id: string;
  lead_id: string;
  source: MembershipSource;
}

export interface LeadListRow {
  lead_id: string;
  list_id: string;
  source: MembershipSource;
}

/** A window of a nested connection for many parents: `limit` rows after key `afterId`. */
export interface ParentsWindow {
  limit: number;
  afterId: string | null;
}

/**
 * Static lists and their memberships in the caller's workspace: reads (lists, members by
 * list, lists by lead, counts), creation, and members added or removed by hand.
 */
export function createListService(deps: ServiceDeps) {
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
   * Applies a hand-made membership change and, in the same transaction, triggers the sync
   * jobs it can affect: it can contradict a sync's mirror (a removed lead that is still
   * matched), so its leads count as a change like any other. The list's own sync job is
   * locked first, the order a run applying to the list takes too, so the two cannot deadlock.
   */
  async function changeMembership<Row extends { lead_id: string }>(
    workspaceId: string,
    listId: string,
    change: (tx: Queryable) => Promise<{ rows: Row[] }>,
  ): Promise<Row[]> {
    return writeIdentities(
      deps,
      workspaceId,
      async (tx) => {
        const { rows } = await change(tx);
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
    /** Creates a static list; names are unique per workspace whatever their case. */
    async create(caller: Caller, input: { name: string }): Promise<ListRow> {
      const name = required(checkName(input.name), ['input', 'name']);
      const id = await createListIn(pool, caller.workspaceId, name);
      const { rows } = await pool.query<ListRow>(
        `select ${LIST_COLUMNS} from static_list l where l.id = $1`,
        [id],
      );
      return rows[0];
    },

    /** One keyset window of lists ordered by id, optionally filtered by a name search. */
    async find(
      caller: Caller,
      input: { search?: string | null; limit: number; afterId: string | null },
    ): Promise<ListRow[]> {
      const { rows } = await pool.query<ListRow>(
        `select ${LIST_COLUMNS} from static_list l
          where ${LIST_FILTER} and ($3::bigint is null or l.id > $3)
          order by l.id limit $4`,
        [...listFilterParams(caller.workspaceId, input.search), input.afterId, input.limit],
      );
      return rows;
    },

    /** How many lists `find` pages through. */
    async count(caller: Caller, input: { search?: string | null }): Promise<number> {
      const { rows } = await pool.query<{ n: number }>(
        `select count(*)::int as n from static_list l where ${LIST_FILTER}`,
        listFilterParams(caller.workspaceId, input.search),
      );
      return rows[0]?.n ?? 0;
    },

    /** Lists by id, in order; null for an id outside the caller's workspace. */
    async byIds(caller: Caller, ids: readonly string[]): Promise<(ListRow | null)[]> {
      const valid = ids.filter(isDbId);
      if (valid.length === 0) return ids.map(() => null);
      const { rows } = await pool.query<ListRow>(
        `select ${LIST_COLUMNS} from static_list l
          where l.workspace_id = $1 and l.id = any($2::bigint[])`,
        [caller.workspaceId, valid],
      );
      return inIdOrder(ids, rows);
    },

    /** Number of members (manual and sync) of each list, in id order. */
    async memberCounts(caller: Caller, listIds: readonly string[]): Promise<number[]> {
      return countsBy(
        pool,
        `select list_id as key, count(*)::int as count from list_membership
          where workspace_id = $1 and list_id = any($2::bigint[]) group by list_id`,
        caller.workspaceId,
        listIds,
      );
    },

    /** For each list, in id order, its first `limit` members after lead `afterId` (by lead id). */
    members(
      caller: Caller,
      listIds: readonly string[],
      window: ParentsWindow,
    ): Promise<ListMemberRow[][]> {
      return membershipWindows<ListMemberRow>(pool, caller, 'list_id', 'lead_id', listIds, window);
    },

    /** For each lead, in id order, its first `limit` memberships after list `afterId`. */
    listsOfLeads(
      caller: Caller,
      leadIds: readonly string[],
      window: ParentsWindow,
    ): Promise<LeadListRow[][]> {
      return membershipWindows<LeadListRow>(pool, caller, 'lead_id', 'list_id', leadIds, window);
    },

    /** Number of lists each lead is on, in id order. */
    async listCountsOfLeads(caller: Caller, leadIds: readonly string[]): Promise<number[]> {
      return countsBy(
        pool,
        `select lead_id as key, count(*)::int as count from list_membership
          where workspace_id = $1 and lead_id = any($2::bigint[]) group by lead_id`,
        caller.workspaceId,
        leadIds,
      );
    },

    /**
     * Adds leads to a list by hand (source MANUAL) in one statement. A lead the list already
     * has through a sync becomes a manual member, so no sync will ever remove it. Returns how
     * many leads were not on the list before.
     */
    async addMembers(
      caller: Caller,
      input: { listId: string; leadIds: readonly string[] },
    ): Promise<number> {
      const { workspaceId } = caller;
      const leadIds = await checkMembers(workspaceId, input.listId, input.leadIds);
      const rows = await changeMembership(workspaceId, input.listId, (tx) =>
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
           )
           select lead_id, inserted from changed`,
          [workspaceId, input.listId, leadIds],
        ),
      );
      return rows.filter((row) => row.inserted).length;
    },

    /** Removes leads from a list, whatever the source of their membership; returns how many. */
    async removeMembers(
      caller: Caller,
      input: { listId: string; leadIds: readonly string[] },
    ): Promise<number> {
      const { workspaceId } = caller;
      const leadIds = await checkMembers(workspaceId, input.listId, input.leadIds);
      const rows = await changeMembership(workspaceId, input.listId, (tx) =>
        tx.query<{ lead_id: string }>(
          `with changed as (
             delete from list_membership
              where workspace_id = $1 and list_id = $2 and lead_id = any($3::bigint[])
              returning lead_id
           ), history as (
             insert into membership_change (workspace_id, list_id, lead_id, kind, source)
             select $1, $2, lead_id, 'LEFT', 'MANUAL' from changed
           )
           select lead_id from changed`,
          [workspaceId, input.listId, leadIds],
        ),
      );
      return rows.length;
    },
  };
}

export type ListService = ReturnType<typeof createListService>;

/**
 * One keyset window of memberships per parent (a list's members, or a lead's lists), in the
 * order of `parentIds`, in one statement: `parent` is the column the parents are, `child` the
 * one the window pages by.
 */
async function membershipWindows<
  Row extends pg.QueryResultRow & Partial<Record<'list_id' | 'lead_id', string>>,
>(
  pool: Queryable,
  caller: Caller,
  parent: 'list_id' | 'lead_id',
  child: 'list_id' | 'lead_id',
  parentIds: readonly string[],
  window: ParentsWindow,
): Promise<Row[][]> {
  const { rows } = await pool.query<Row>(
    `select p.${parent}, m.${child}, m.source
       from unnest($2::bigint[]) as p(${parent})
       cross join lateral (
         select ${child}, source from list_membership
          where workspace_id = $1 and ${parent} = p.${parent}
            and ($3::bigint is null or ${child} > $3)
          order by ${child} limit $4
       ) m`,
    [caller.workspaceId, parentIds, window.afterId, window.limit],
  );
  return inOrder(
    parentIds,
    groupBy(rows, (row) => String(row[parent])),
    [],
  );
}
