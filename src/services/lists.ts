import type pg from 'pg';
import type { Caller } from '../auth/tokens.js';
import type { Queryable } from '../db/transaction.js';
import { checkName, required, searchText } from '../domain/validation.js';
import type { MembershipSource } from '../entities/list-membership.js';
import { countsBy, inOrder, windowsPerParent } from './batches.js';
import type { ServiceDeps } from './index.js';
import { createListIn } from './list-creation.js';
import { createListMemberVerbs } from './list-members.js';
import {
  keysetSql,
  LIST_COLUMNS,
  type ListRow,
  likePattern,
  type ParentsWindow,
  rowsByIds,
  type Window,
  windowBounds,
} from './read-rows.js';

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

/**
 * Static lists and their memberships in the caller's workspace: reads (lists, members by
 * list, lists by lead, counts) and creation. Members added or removed by hand are
 * src/services/list-members.ts.
 */
function createListVerbs({ database }: ServiceDeps) {
  const { pool } = database;

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
    async find(caller: Caller, input: { search?: string | null } & Window): Promise<ListRow[]> {
      const keyset = keysetSql('l.id', 'asc', input, 3, 4);
      const { rows } = await pool.query<ListRow>(
        `select ${LIST_COLUMNS} from static_list l
          where ${LIST_FILTER} and ${keyset.where}
          ${keyset.orderBy} limit $5`,
        [
          ...listFilterParams(caller.workspaceId, input.search),
          ...windowBounds(input),
          input.limit,
        ],
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
    byIds(caller: Caller, ids: readonly string[]): Promise<(ListRow | null)[]> {
      return rowsByIds(
        pool,
        caller.workspaceId,
        ids,
        `select ${LIST_COLUMNS} from static_list l
          where l.workspace_id = $1 and l.id = any($2::bigint[])`,
      );
    },

    /**
     * Number of members (manual and sync) of each list, in id order: the lists' member counts,
     * kept by triggers on list_membership, so a large list is not counted row by row.
     */
    async memberCounts(caller: Caller, listIds: readonly string[]): Promise<number[]> {
      const { rows } = await pool.query<{ id: string; member_count: string }>(
        `select id, member_count from static_list
          where workspace_id = $1 and id = any($2::bigint[])`,
        [caller.workspaceId, listIds],
      );
      return inOrder(
        listIds,
        new Map(rows.map((row) => [String(row.id), Number(row.member_count)])),
        0,
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
      return countsBy(pool, 'list_membership', 'lead_id', caller.workspaceId, leadIds);
    },
  };
}

/** Static lists: their reads and creation (here) and the members changed by hand. */
export function createListService(deps: ServiceDeps) {
  return { ...createListVerbs(deps), ...createListMemberVerbs(deps) };
}

export type ListService = ReturnType<typeof createListService>;

/**
 * One keyset window of memberships per parent (a list's members, or a lead's lists), in the
 * order of `parentIds`, in one statement: `parent` is the column the parents are, `child` the
 * one the window pages by.
 */
function membershipWindows<
  Row extends pg.QueryResultRow & Partial<Record<'list_id' | 'lead_id', string>>,
>(
  pool: Queryable,
  caller: Caller,
  parent: 'list_id' | 'lead_id',
  child: 'list_id' | 'lead_id',
  parentIds: readonly string[],
  window: ParentsWindow,
): Promise<Row[][]> {
  return windowsPerParent<Row>(
    pool,
    {
      columns: `${parent}, ${child}, source`,
      from: 'list_membership',
      parent,
      key: child,
      order: 'asc',
    },
    caller.workspaceId,
    parentIds,
    window,
    (row) => String(row[parent]),
  );
}
