import type { Caller } from '../auth/tokens.js';
import { NotFoundError } from '../domain/errors.js';
import { countsBy, windowsPerParent } from './batches.js';
import type { ServiceDeps } from './index.js';
import { isDbId, type ParentsWindow, rowsByIds, type Window } from './read-rows.js';

export type MarketoMirrorStatus = 'ACTIVE' | 'PAUSED' | 'FAILED';
export type MarketoPushTrigger = 'INITIAL' | 'CHANGES' | 'RECONCILE' | 'MANUAL';
export type MarketoPushStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';
export type MarketoPushAction = 'ADD' | 'REMOVE';
export type MarketoPushOutcome = 'ADDED' | 'REMOVED' | 'CREATED' | 'NOT_IN_MARKETO' | 'SKIPPED';

/** A marketo_mirror row as the API shows it. */
export interface MarketoMirrorRow {
  id: string;
  workspaceId: string;
  listId: string;
  marketoListId: number;
  marketoListName: string;
  leadMatching: 'EXISTING_LEADS' | 'CREATE_MISSING';
  status: MarketoMirrorStatus;
  createdAt: Date;
}

/** A marketo_push row as the API shows it. */
export interface MarketoPushRow {
  id: string;
  mirrorId: string;
  trigger: MarketoPushTrigger;
  status: MarketoPushStatus;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  added: number;
  removed: number;
  leadsCreated: number;
  notInMarketo: number;
  skipped: number;
  calls: number;
  error: string | null;
}

/** A marketo_push_record row: what one push did with one lead, and why. */
export interface MarketoPushRecordRow {
  pushId: string;
  seq: number;
  leadId: string;
  email: string;
  marketoLeadId: number | null;
  action: MarketoPushAction;
  outcome: MarketoPushOutcome;
  reasonCode: string | null;
  reason: string | null;
}

/** The columns of MarketoMirrorRow, from `marketo_mirror m`. */
export const MIRROR_COLUMNS = `m.id::text as id, m.workspace_id::text as "workspaceId",
  m.list_id::text as "listId", m.marketo_list_id as "marketoListId",
  m.marketo_list_name as "marketoListName", m.lead_matching as "leadMatching", m.status,
  m.created_at as "createdAt"`;

/** The columns of MarketoPushRow, from `marketo_push p`. */
export const PUSH_COLUMNS = `p.id::text as id, p.mirror_id::text as "mirrorId", p.trigger,
  p.status, p.created_at as "createdAt", p.started_at as "startedAt",
  p.finished_at as "finishedAt", p.added, p.removed, p.leads_created as "leadsCreated",
  p.not_in_marketo as "notInMarketo", p.skipped, p.calls, p.error`;

const RECORD_COLUMNS = `r.push_id::text as "pushId", r.seq, r.lead_id::text as "leadId",
  r.email, r.marketo_lead_id as "marketoLeadId", r.action, r.outcome,
  r.reason_code as "reasonCode", r.reason`;

/** A keyset window of a push's records, by `seq` (the window's keys); `outcome` filters them. */
export interface RecordsWindow extends Window {
  outcome: MarketoPushOutcome | null;
}

/**
 * Reads of mirrors, pushes and their records, every one bounded to the caller's workspace and
 * answering in the order of the ids asked (null or empty for what the caller cannot see), so
 * that each nested field is one statement for a whole page of parents.
 */
export function createMarketoReads({ database }: ServiceDeps) {
  const { pool } = database;

  /** The mirror of each list, in order; null for a list without one (or not the caller's). */
  async function mirrorsOfLists(
    caller: Caller,
    listIds: readonly string[],
  ): Promise<(MarketoMirrorRow | null)[]> {
    const valid = listIds.filter(isDbId);
    if (valid.length === 0) return listIds.map(() => null);
    const { rows } = await pool.query<MarketoMirrorRow>(
      `select ${MIRROR_COLUMNS} from marketo_mirror m
        where m.workspace_id = $1 and m.list_id = any($2::bigint[])`,
      [caller.workspaceId, valid],
    );
    const byList = new Map(rows.map((row) => [row.listId, row]));
    return listIds.map((id) => byList.get(String(id)) ?? null);
  }

  return {
    /** Mirrors by id, in order; null for an id outside the caller's workspace. */
    mirrorsByIds(caller: Caller, ids: readonly string[]): Promise<(MarketoMirrorRow | null)[]> {
      return rowsByIds(
        pool,
        caller.workspaceId,
        ids,
        `select ${MIRROR_COLUMNS} from marketo_mirror m
          where m.workspace_id = $1 and m.id = any($2::bigint[])`,
      );
    },

    mirrorsOfLists,

    /** What each mirror's outbox holds for Marketo: adds and removes not acknowledged yet. */
    async pending(
      caller: Caller,
      mirrorIds: readonly string[],
    ): Promise<{ adds: number; removes: number }[]> {
      const { rows } = await pool.query<{ mirrorId: string; adds: number; removes: number }>(
        `select mirror_id::text as "mirrorId",
                count(*) filter (where action = 'ADD')::int as adds,
                count(*) filter (where action = 'REMOVE')::int as removes
           from marketo_outbox
          where workspace_id = $1 and mirror_id = any($2::bigint[])
          group by mirror_id`,
        [caller.workspaceId, mirrorIds],
      );
      const byMirror = new Map(rows.map((row) => [row.mirrorId, row]));
      return mirrorIds.map((id) => byMirror.get(id) ?? { adds: 0, removes: 0 });
    },

    /** Each mirror's newest push, in order; null for a mirror that has none. */
    async lastPushes(
      caller: Caller,
      mirrorIds: readonly string[],
    ): Promise<(MarketoPushRow | null)[]> {
      const { rows } = await pool.query<MarketoPushRow>(
        `select p.* from unnest($2::bigint[]) as q(id)
         cross join lateral (
           select ${PUSH_COLUMNS} from marketo_push p
            where p.workspace_id = $1 and p.mirror_id = q.id
            order by p.id desc limit 1
         ) p`,
        [caller.workspaceId, mirrorIds],
      );
      const byMirror = new Map(rows.map((row) => [row.mirrorId, row]));
      return mirrorIds.map((id) => byMirror.get(id) ?? null);
    },

    /** Each mirror's window of pushes (newest first), in one statement. */
    pushes(
      caller: Caller,
      mirrorIds: readonly string[],
      window: ParentsWindow,
    ): Promise<MarketoPushRow[][]> {
      return windowsPerParent<MarketoPushRow>(
        pool,
        {
          columns: PUSH_COLUMNS,
          from: 'marketo_push p',
          parent: 'p.mirror_id',
          key: 'p.id',
          order: 'desc',
        },
        caller.workspaceId,
        mirrorIds,
        window,
        (row) => row.mirrorId,
      );
    },

    /** Pushes kept per mirror, in order. */
    pushCounts(caller: Caller, mirrorIds: readonly string[]): Promise<number[]> {
      return countsBy(pool, 'marketo_push', 'mirror_id', caller.workspaceId, mirrorIds);
    },

    /** Pushes by id, in order; null for an id outside the caller's workspace. */
    pushesByIds(caller: Caller, ids: readonly string[]): Promise<(MarketoPushRow | null)[]> {
      return rowsByIds(
        pool,
        caller.workspaceId,
        ids,
        `select ${PUSH_COLUMNS} from marketo_push p
          where p.workspace_id = $1 and p.id = any($2::bigint[])`,
      );
    },

    /** Each push's window of records (in the order they were recorded), one statement. */
    records(
      caller: Caller,
      pushIds: readonly string[],
      window: RecordsWindow,
    ): Promise<MarketoPushRecordRow[][]> {
      return windowsPerParent<MarketoPushRecordRow>(
        pool,
        {
          columns: RECORD_COLUMNS,
          from: 'marketo_push_record r',
          parent: 'r.push_id',
          key: 'r.seq',
          order: 'asc',
          cast: 'int',
          filter: '($6::text is null or r.outcome = $6)',
        },
        caller.workspaceId,
        pushIds,
        window,
        (row) => row.pushId,
        [window.outcome],
      );
    },

    /** Records per push (of one outcome when given), in order. */
    async recordCounts(
      caller: Caller,
      pushIds: readonly string[],
      outcome: MarketoPushOutcome | null,
    ): Promise<number[]> {
      const { rows } = await pool.query<{ key: string; count: number }>(
        `select push_id::text as key, count(*)::int as count from marketo_push_record
          where workspace_id = $1 and push_id = any($2::bigint[])
            and ($3::text is null or outcome = $3)
          group by push_id`,
        [caller.workspaceId, pushIds, outcome],
      );
      const counts = new Map(rows.map((row) => [row.key, row.count]));
      return pushIds.map((id) => counts.get(id) ?? 0);
    },

    /**
     * Whether the caller may follow the pushes of a list's mirror (marketoPushProgress):
     * answers the mirror; NOT_FOUND for a list that is not the caller's or not mirrored.
     */
    async visibleForPushProgress(
      caller: Caller,
      input: { listId: string },
    ): Promise<MarketoMirrorRow> {
      const [mirror] = await mirrorsOfLists(caller, [input.listId]);
      if (!mirror) throw new NotFoundError('Marketo mirror of the list');
      return mirror;
    },
  };
}
