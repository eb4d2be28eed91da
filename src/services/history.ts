import type { Caller } from '../auth/tokens.js';
import type { Queryable } from '../db/transaction.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { MembershipSource } from '../entities/list-membership.js';
import {
  MEMBERSHIP_CHANGE_KINDS,
  type MembershipChangeKind,
} from '../entities/membership-change.js';
import { windowsPerParent } from './batches.js';
import type { ServiceDeps } from './index.js';
import { type ParentsWindow, rowsByIds } from './read-rows.js';

/** One membership_change row as clients read it. */
export interface MembershipChangeRow {
  id: string;
  listId: string;
  leadId: string;
  kind: MembershipChangeKind;
  source: MembershipSource;
  runId: string | null;
  at: Date;
}

/** What a connection of changes is filtered by: its parent column, and optionally a kind. */
type Parent = 'list_id' | 'run_id';

const CHANGE_COLUMNS = `c.id, c.list_id as "listId", c.lead_id as "leadId", c.kind, c.source,
  c.run_id as "runId", c.at`;

/** Export formats of /export (the public contract, "Membership history and exports"). */
export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * An export ready to stream: one `COPY ... TO STDOUT` statement (its ids already checked
 * against the caller's workspace and inlined as integers, since COPY takes no parameters),
 * the media type and the file name of the attachment.
 */
export interface ExportPlan {
  copySql: string;
  contentType: string;
  filename: string;
}

/** ISO-8601 in UTC with milliseconds, as the DateTime scalar prints it. */
const isoUtc = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A CSV cell a spreadsheet would not run as a formula (OWASP's CSV injection rule): a value
 * starting with =, +, -, @, tab or carriage return gets a leading single quote, which
 * spreadsheets read as "text follows" and do not show. COPY then quotes the cell as CSV
 * requires (a comma, a quote or a line break in it). NULL stays NULL.
 */
const neutralised = (sql: string) => `regexp_replace(${sql}, '^([-=+@\\t\\r])', '''\\1')`;

/**
 * COPY of `columns` (SQL expression and output name) from `from` in `format`. CSV gets a
 * header line and its cells neutralised (a lead's name or email is anybody's text); NDJSON
 * keeps the values as stored. NDJSON is one JSON object per row, copied in CSV mode with a quote and a
 * delimiter JSON text cannot contain raw (PostgreSQL escapes control characters in JSON),
 * so every line leaves exactly as json_build_object wrote it: text mode would double its
 * backslashes.
 */
function copyStatement(
  columns: [sql: string, name: string][],
  from: string,
  format: ExportFormat,
): string {
  if (format === 'csv') {
    const select = columns.map(([sql, name]) => `${neutralised(sql)} as "${name}"`).join(', ');
    return `copy (select ${select} ${from}) to stdout with (format csv, header true)`;
  }
  const object = columns.map(([sql, name]) => `'${name}', ${sql}`).join(', ');
  return `copy (select json_build_object(${object})::text ${from}) to stdout with (format csv, quote e'\\x01', delimiter e'\\x02')`;
}

const MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

function exportFormat(raw: string | null): ExportFormat {
  const format = (raw ?? 'csv').toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw ValidationError.field(['format'], 'format must be csv or ndjson');
  }
  return format as ExportFormat;
}

function checkKind(kind: string | null | undefined): MembershipChangeKind | null {
  if (kind == null) return null;
  if (!(MEMBERSHIP_CHANGE_KINDS as readonly string[]).includes(kind)) {
    throw ValidationError.field(['kind'], 'kind must be ENTERED or LEFT');
  }
  return kind as MembershipChangeKind;
}

/**
 * Membership history (who entered and left each list, by run) and the streamed exports of a
 * list's members and a run's changes. The history is written by the list changes themselves
 * (src/sync/resolve.ts applyDiff, the list service's manual changes); this module reads it
 * (src/history/retention.ts enforces its retention).
 */
export function createHistoryService({ database }: ServiceDeps) {
  const { pool } = database;

  /**
   * For each parent (list or run), in order, its window of changes (newest first: `afterId`
   * bounds the newer side), in one statement.
   */
  async function windows(
    caller: Caller,
    parent: Parent,
    parentIds: readonly string[],
    kind: MembershipChangeKind | null,
    window: ParentsWindow,
  ): Promise<MembershipChangeRow[][]> {
    return windowsPerParent<MembershipChangeRow & { parent: string }>(
      pool,
      {
        columns: `${CHANGE_COLUMNS}, c.${parent} as parent`,
        from: 'membership_change c',
        parent: `c.${parent}`,
        key: 'c.id',
        order: 'desc',
        filter: '($6::text is null or c.kind = $6)',
      },
      caller.workspaceId,
      parentIds,
      window,
      (row) => String(row.parent),
      [kind],
    );
  }

  async function counts(
    caller: Caller,
    parent: Parent,
    parentIds: readonly string[],
    kind: MembershipChangeKind | null,
  ): Promise<number[]> {
    const { rows } = await pool.query<{ key: string; count: number }>(
      `select ${parent} as key, count(*)::int as count from membership_change
        where workspace_id = $1 and ${parent} = any($2::bigint[]) and ($3::text is null or kind = $3)
        group by ${parent}`,
      [caller.workspaceId, parentIds, kind],
    );
    const byKey = new Map(rows.map((row) => [String(row.key), row.count]));
    return parentIds.map((id) => byKey.get(id) ?? 0);
  }

  async function exists(db: Queryable, table: string, workspaceId: string, id: string | null) {
    if (!id) return false;
    const found = await db.query(`select 1 from ${table} where workspace_id = $1 and id = $2`, [
      workspaceId,
      id,
    ]);
    return (found.rowCount ?? 0) > 0;
  }

  return {
    /** Each list's newest changes (of `kind` when given), newest first, in list id order. */
    listChanges(
      caller: Caller,
      listIds: readonly string[],
      input: { kind?: string | null } & ParentsWindow,
    ): Promise<MembershipChangeRow[][]> {
      return windows(caller, 'list_id', listIds, checkKind(input.kind), input);
    },

    /** How many changes (of `kind` when given) each list has kept, in list id order. */
    listChangeCounts(
      caller: Caller,
      listIds: readonly string[],
      input: { kind?: string | null },
    ): Promise<number[]> {
      return counts(caller, 'list_id', listIds, checkKind(input.kind));
    },

    /** Each run's changes (its `added` ENTERED, its `removed` LEFT), newest first. */
    runChanges(
      caller: Caller,
      runIds: readonly string[],
      input: { kind?: string | null } & ParentsWindow,
    ): Promise<MembershipChangeRow[][]> {
      return windows(caller, 'run_id', runIds, checkKind(input.kind), input);
    },

    /** How many changes (of `kind` when given) each run made, in run id order. */
    runChangeCounts(
      caller: Caller,
      runIds: readonly string[],
      input: { kind?: string | null },
    ): Promise<number[]> {
      return counts(caller, 'run_id', runIds, checkKind(input.kind));
    },

    /** Changes by id, in order; null for an id outside the caller's workspace. */
    changesByIds(caller: Caller, ids: readonly string[]): Promise<(MembershipChangeRow | null)[]> {
      return rowsByIds(
        pool,
        caller.workspaceId,
        ids,
        `select ${CHANGE_COLUMNS} from membership_change c
          where c.workspace_id = $1 and c.id = any($2::bigint[])`,
      );
    },

    /**
     * The export of a list's members (`email,firstName,lastName,source,addedAt`, by lead id).
     * `listId` a database id, null when the URL named none: NOT_FOUND, as for a list outside
     * the caller's workspace; VALIDATION for another format.
     */
    async listMembersExport(
      caller: Caller,
      input: { listId: string | null; format: string | null },
    ): Promise<ExportPlan> {
      const format = exportFormat(input.format);
      const { listId } = input;
      if (!(await exists(pool, 'static_list', caller.workspaceId, listId))) {
        throw new NotFoundError('List');
      }
      const workspaceId = BigInt(caller.workspaceId);
      return {
        contentType: MEDIA_TYPES[format],
        filename: `list-${listId}-members.${format}`,
        copySql: copyStatement(
          [
            ['l.email', 'email'],
            ['l.first_name', 'firstName'],
            ['l.last_name', 'lastName'],
            ['lm.source', 'source'],
            [isoUtc('lm.added_at'), 'addedAt'],
          ],
          `from list_membership lm
           join lead l on l.workspace_id = ${workspaceId} and l.id = lm.lead_id
           where lm.workspace_id = ${workspaceId} and lm.list_id = ${BigInt(listId as string)}
           order by lm.lead_id`,
          format,
        ),
      };
    },

    /**
     * The export of a run's changes (`email,kind,at`, in the order they were written).
     * `runId` a database id, null when the URL named none: NOT_FOUND, as for a run outside
     * the caller's workspace; VALIDATION for another format.
     */
    async runChangesExport(
      caller: Caller,
      input: { runId: string | null; format: string | null },
    ): Promise<ExportPlan> {
      const format = exportFormat(input.format);
      const { runId } = input;
      if (!(await exists(pool, 'sync_run', caller.workspaceId, runId))) {
        throw new NotFoundError('Sync run');
      }
      const workspaceId = BigInt(caller.workspaceId);
      return {
        contentType: MEDIA_TYPES[format],
        filename: `sync-run-${runId}-changes.${format}`,
        copySql: copyStatement(
          [
            ['l.email', 'email'],
            ['c.kind', 'kind'],
            [isoUtc('c.at'), 'at'],
          ],
          `from membership_change c
           join lead l on l.workspace_id = ${workspaceId} and l.id = c.lead_id
           where c.workspace_id = ${workspaceId} and c.run_id = ${BigInt(runId as string)}
           order by c.id`,
          format,
        ),
      };
    },
  };
}

export type HistoryService = ReturnType<typeof createHistoryService>;
