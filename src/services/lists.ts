import type { FilterQuery } from '@mikro-orm/core';
import type pg from 'pg';
import type { Caller } from '../auth/tokens.js';
import { isUniqueViolation, type Queryable, withTransaction } from '../db/transaction.js';
import type { MembershipSource } from '../entities/list-membership.js';
import { type IStaticList, StaticList } from '../entities/static-list.js';
import { announceIdentityChange, type IdentityChange } from '../sync/changes.js';
import { recordIdentityChange } from '../sync/triggers.js';
import { byIdsInWorkspace, countsBy, groupBy, inOrder } from './batches.js';
import { NameTakenError, NotFoundError, ValidationError } from './errors.js';
import type { ServiceDeps } from './index.js';
import { checkName, required, searchText } from './validation.js';

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

function listWhere(workspaceId: string, search?: string | null): FilterQuery<IStaticList> {
  const term = searchText(search, ['search']);
  if (!term) return { workspace: workspaceId };
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { workspace: workspaceId, name: { $ilike: pattern } };
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
export function createListService({ config, database }: ServiceDeps) {
  const em = () => database.orm.em.fork();
  const { pool } = database;

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
    const { rows, announced } = await withTransaction(pool, async (tx) => {
      await tx.query(
        'select 1 from sync_job where workspace_id = $1 and list_id = $2 order by id for update',
        [workspaceId, listId],
      );
      const { rows } = await change(tx);
      if (rows.length === 0) return { rows, announced: null };
      const announced: IdentityChange = {
        workspaceId,
        kind: 'LEADS',
        leadIds: rows.map((row) => row.lead_id),
      };
      await recordIdentityChange(tx, announced, config.syncDebounceMs);
      return { rows, announced };
    });
    if (announced) await announceIdentityChange(announced);
    return rows;
  }

  return {
    /** Creates a static list; names are unique per workspace whatever their case. */
    async create(caller: Caller, input: { name: string }): Promise<IStaticList> {
      const name = required(checkName(input.name), ['input', 'name']);
      const id = await createListIn(pool, caller.workspaceId, name);
      return em().findOneOrFail(StaticList, { id, workspace: caller.workspaceId });
    },

    /** One keyset window of lists ordered by id, optionally filtered by a name search. */
    find(
      caller: Caller,
      input: { search?: string | null; limit: number; afterId: string | null },
    ): Promise<IStaticList[]> {
      const where = listWhere(caller.workspaceId, input.search) as Record<string, unknown>;
      if (input.afterId) where.id = { $gt: input.afterId };
      return em().find(StaticList, where as FilterQuery<IStaticList>, {
        orderBy: { id: 'asc' },
        limit: input.limit,
      });
    },

    /** How many lists `find` pages through. */
    count(caller: Caller, input: { search?: string | null }): Promise<number> {
      return em().count(StaticList, listWhere(caller.workspaceId, input.search));
    },

    /** Lists by id, in order; null for an id outside the caller's workspace. */
    byIds(caller: Caller, ids: readonly string[]): Promise<(IStaticList | null)[]> {
      return byIdsInWorkspace(em(), StaticList, caller.workspaceId, ids);
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
