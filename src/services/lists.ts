import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { WriterApp } from '../app.js';
import { type Queryable, withTransaction } from '../db/transaction.js';
import type { MembershipSource } from '../entities/list-membership.js';
import { type IStaticList, StaticList } from '../entities/static-list.js';
import { announceIdentityChange, type IdentityChange } from '../sync/changes.js';
import { recordIdentityChange } from '../sync/triggers.js';
import { countsBy, groupBy } from './batches.js';
import { NameTakenError, NotFoundError, ValidationError } from './errors.js';
import { checkName, required, searchText } from './validation.js';

export const MAX_LIST_MEMBERS_PER_CALL = 10_000;

/** Creates a static list; names are unique per workspace whatever their case. */
export async function createList(
  em: EntityManager,
  workspaceId: string,
  input: { name: string },
): Promise<IStaticList> {
  const name = required(checkName(input.name), ['input', 'name']);
  const list = em.create(StaticList, { workspace: workspaceId, name });
  try {
    await em.flush();
  } catch (error) {
    // The unique index on lower(name) decides, so concurrent creations cannot both win.
    if (error instanceof UniqueConstraintViolationException) throw new NameTakenError('List', name);
    throw error;
  }
  return list;
}

function listWhere(workspaceId: string, search?: string | null): FilterQuery<IStaticList> {
  const term = searchText(search, ['search']);
  if (!term) return { workspace: workspaceId };
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { workspace: workspaceId, name: { $ilike: pattern } };
}

/** One keyset window of lists ordered by id, optionally filtered by a name search. */
export function findLists(
  em: EntityManager,
  workspaceId: string,
  search: string | null | undefined,
  limit: number,
  afterId: string | null,
): Promise<IStaticList[]> {
  const where = listWhere(workspaceId, search) as Record<string, unknown>;
  if (afterId) where.id = { $gt: afterId };
  return em.find(StaticList, where as FilterQuery<IStaticList>, { orderBy: { id: 'asc' }, limit });
}

export function countLists(
  em: EntityManager,
  workspaceId: string,
  search: string | null | undefined,
): Promise<number> {
  return em.count(StaticList, listWhere(workspaceId, search));
}

export interface ListMemberRow {
  list_id: string;
  lead_id: string;
  source: MembershipSource;
}

/** For each list, its first `limit` members after lead `afterId` (by lead id). */
export async function membersByList(
  pool: pg.Pool,
  workspaceId: string,
  listIds: readonly string[],
  limit: number,
  afterId: string | null,
): Promise<Map<string, ListMemberRow[]>> {
  const { rows } = await pool.query<ListMemberRow>(
    `select p.list_id, m.lead_id, m.source
       from unnest($2::bigint[]) as p(list_id)
       cross join lateral (
         select lead_id, source from list_membership
          where workspace_id = $1 and list_id = p.list_id
            and ($3::bigint is null or lead_id > $3)
          order by lead_id limit $4
       ) m`,
    [workspaceId, listIds, afterId, limit],
  );
  return groupBy(rows, (row) => row.list_id);
}

/** Number of members (manual and sync) of each list. */
export function listMemberCounts(
  pool: pg.Pool,
  workspaceId: string,
  listIds: readonly string[],
): Promise<Map<string, number>> {
  return countsBy(
    pool,
    `select list_id as key, count(*)::int as count from list_membership
      where workspace_id = $1 and list_id = any($2::bigint[]) group by list_id`,
    workspaceId,
    listIds,
  );
}

/** Checks the list and every lead exist in the workspace; returns the distinct lead ids. */
async function checkMembers(
  pool: pg.Pool,
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
 * Adds leads to a list by hand (source MANUAL) in one statement. A lead the list already has
 * through a sync becomes a manual member, so no sync will ever remove it. Returns how many
 * leads were not on the list before.
 */
export async function addListMembers(
  app: WriterApp,
  workspaceId: string,
  listId: string,
  rawLeadIds: readonly string[],
): Promise<number> {
  const leadIds = await checkMembers(app.database.pool, workspaceId, listId, rawLeadIds);
  const rows = await changeMembership(app, workspaceId, listId, (tx) =>
    tx.query<{ lead_id: string; inserted: boolean }>(
      `insert into list_membership (workspace_id, list_id, lead_id, source)
       select $1, $2, lead_id, 'MANUAL' from unnest($3::bigint[]) as lead_id
       on conflict (workspace_id, list_id, lead_id) do update set source = 'MANUAL'
         where list_membership.source <> 'MANUAL'
       returning lead_id, (xmax = 0) as inserted`,
      [workspaceId, listId, leadIds],
    ),
  );
  return rows.filter((row) => row.inserted).length;
}

/** Removes leads from a list, whatever the source of their membership; returns how many. */
export async function removeListMembers(
  app: WriterApp,
  workspaceId: string,
  listId: string,
  rawLeadIds: readonly string[],
): Promise<number> {
  const leadIds = await checkMembers(app.database.pool, workspaceId, listId, rawLeadIds);
  const rows = await changeMembership(app, workspaceId, listId, (tx) =>
    tx.query<{ lead_id: string }>(
      `delete from list_membership
        where workspace_id = $1 and list_id = $2 and lead_id = any($3::bigint[])
        returning lead_id`,
      [workspaceId, listId, leadIds],
    ),
  );
  return rows.length;
}

/**
 * Applies a hand-made membership change and, in the same transaction, triggers the sync jobs
 * it can affect: it can contradict a sync's mirror (a removed lead that is still matched), so
 * its leads count as a change like any other. The list's own sync job is locked first, the
 * order a run applying to the list takes too, so the two cannot deadlock.
 */
async function changeMembership<Row extends { lead_id: string }>(
  app: WriterApp,
  workspaceId: string,
  listId: string,
  change: (tx: Queryable) => Promise<{ rows: Row[] }>,
): Promise<Row[]> {
  const { rows, announced } = await withTransaction(app.database.pool, async (tx) => {
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
    await recordIdentityChange(tx, announced, app.config.syncDebounceMs);
    return { rows, announced };
  });
  if (announced) await announceIdentityChange(announced);
  return rows;
}
