import type pg from 'pg';
import { NotFoundError } from '../domain/errors.js';
import { checkEcid } from '../domain/validation.js';
import type { IdentityChange } from '../sync/changes.js';
import type { CopyBatch } from './copy-batch.js';
import { CHANGE_LIST_LIMIT, insertMissing, listedIfFew, type RowSource } from './identity-merge.js';
import { withoutHashJoins } from './merge-plan.js';
import { type RecordSpec, UploadError } from './records.js';
import { STAGE_TABLE } from './upload.js';

export const MEMBER_MODES = ['add', 'remove', 'replace'] as const;
export type MemberMode = (typeof MEMBER_MODES)[number];

const ECID_LENGTH = 38;
const ZERO = 0x30;
const NINE = 0x39;
const NEWLINE = 0x0a;

/** A plain 38-digit line is already its COPY row: copy the bytes, no string made. */
function ecidLine(buf: Buffer, start: number, end: number, out: CopyBatch): boolean {
  if (end - start !== ECID_LENGTH) return false;
  for (let i = start; i < end; i++) {
    const byte = buf[i];
    if (byte < ZERO || byte > NINE) return false;
  }
  out.reserve(ECID_LENGTH + 1);
  out.bytes(buf, start, end);
  out.byte(NEWLINE);
  return true;
}

export const MEMBER_RECORD: RecordSpec = {
  columns: [{ name: 'ecid', column: 'ecid', check: checkEcid, byteOrder: true }],
  fastLine: ecidLine,
};

export interface MembersMerged {
  accepted: number;
  duplicates: number;
  /** Whether the membership changed at all (replace may only remove). */
  changed: boolean;
  /** The ECIDs added or removed, when few. */
  ecids?: string[];
}

/** What a membership merge changed, for the sync triggers; null when it changed nothing. */
export function memberChange(
  workspaceId: string,
  audienceId: string,
  merged: MembersMerged,
): IdentityChange | null {
  if (!merged.changed) return null;
  return { workspaceId, kind: 'AUDIENCE_MEMBERS', audienceIds: [audienceId], ecids: merged.ecids };
}

/** The mode of a members upload (`?mode=`, any case; add when absent); 400 for any other. */
export function memberMode(raw: string | null): MemberMode {
  if (raw === null) return 'add';
  const mode = MEMBER_MODES.find((allowed) => allowed === raw.toLowerCase());
  if (!mode) throw new UploadError('BAD_REQUEST', `mode must be one of ${MEMBER_MODES.join(', ')}`);
  return mode;
}

/**
 * ECIDs to merge: a relation with an `ecid` column (an upload's STAGE_TABLE, or a mutation's
 * array as a subquery), and how many rows it holds, repeats included.
 */
export interface MemberRows extends RowSource {
  count: number;
}

/**
 * Applies the ECIDs of `rows` to the audience's membership, for the mutations and the bulk
 * upload alike:
 * - add: accepted = ECIDs newly added; duplicates = already members or repeated.
 * - remove: accepted = members removed; duplicates = not members or repeated.
 * - replace: the membership becomes exactly the given ECIDs; accepted = its new size,
 *   duplicates = repeated rows.
 * Merges into one audience are serialised by a row lock on the audience, which also keeps the
 * audience from being deleted underneath; an audience of another workspace is NotFoundError.
 */
export async function mergeMembers(
  client: pg.PoolClient,
  workspaceId: string,
  audienceId: string,
  mode: MemberMode,
  rows: MemberRows,
): Promise<MembersMerged> {
  const audience = await client.query(
    'SELECT 1 FROM audience WHERE id = $1 AND workspace_id = $2 FOR NO KEY UPDATE',
    [audienceId, workspaceId],
  );
  if (audience.rowCount === 0) throw new NotFoundError('Audience');
  // The source's own parameters come first ($1..$n), as in every RowSource.
  const params = [...rows.params, workspaceId, audienceId];
  const ws = `$${rows.params.length + 1}::bigint`;
  const aud = `$${rows.params.length + 2}::bigint`;
  const staged = rows.count;
  // Listing changed ECIDs costs a pass over them; only worth it when the change is small.
  const list = staged <= CHANGE_LIST_LIMIT;
  // Sorted in the column's own collation, the primary key's order: index pages fill in
  // order, and one sort serves the DISTINCT, a merge join along the key and the insert.
  const add = (onConflict: string) => `INSERT INTO audience_member (workspace_id, audience_id, ecid)
     SELECT ${ws}, ${aud}, s.ecid
       FROM (SELECT DISTINCT ecid FROM ${rows.sql} src) s
      WHERE NOT EXISTS (SELECT 1 FROM audience_member m
                         WHERE m.workspace_id = ${ws} AND m.audience_id = ${aud} AND m.ecid = s.ecid)
      ORDER BY s.ecid
     ${onConflict}`;
  // A freshly copied staging table has no statistics, and the joins below would be planned
  // blind; a mutation's array is small enough not to need any.
  if (rows.sql === STAGE_TABLE) await client.query(`ANALYZE ${STAGE_TABLE}`);
  if (mode === 'add') {
    const added = await withoutHashJoins(client, () => addedRows(client, add, params, list));
    await forgetExits(client, rows.sql, params, ws, aud);
    return {
      accepted: added.count,
      duplicates: staged - added.count,
      changed: added.count > 0,
      ecids: added.ecids,
    };
  }
  if (mode === 'remove') {
    const removed = await removedRows(
      client,
      `DELETE FROM audience_member m USING ${rows.sql} s
        WHERE m.workspace_id = ${ws} AND m.audience_id = ${aud} AND m.ecid = s.ecid`,
      params,
      list,
      ws,
      aud,
    );
    return {
      accepted: removed.count,
      duplicates: staged - removed.count,
      changed: removed.count > 0,
      ecids: removed.ecids,
    };
  }
  const removed = await removedRows(
    client,
    `DELETE FROM audience_member m
      WHERE m.workspace_id = ${ws} AND m.audience_id = ${aud}
        AND NOT EXISTS (SELECT 1 FROM ${rows.sql} s WHERE s.ecid = m.ecid)`,
    params,
    list,
    ws,
    aud,
  );
  const added = await withoutHashJoins(client, () => addedRows(client, add, params, list));
  await forgetExits(client, rows.sql, params, ws, aud);
  const size = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audience_member WHERE workspace_id = ${ws} AND audience_id = ${aud}`,
    params,
  );
  const ecids =
    removed.ecids && added.ecids ? listedIfFew([...removed.ecids, ...added.ecids]) : undefined;
  return {
    accepted: size.rows[0].n,
    duplicates: staged - size.rows[0].n,
    changed: removed.count + added.count > 0,
    ecids,
  };
}

/** Runs an insert of missing members (see insertMissing): its row count, and the ECIDs added when `list`. */
async function addedRows(
  client: pg.PoolClient,
  statement: (onConflict: string) => string,
  params: unknown[],
  list: boolean,
): Promise<{ count: number; ecids?: string[] }> {
  if (!list) {
    const result = await insertMissing(client, statement, params);
    return { count: result.rowCount ?? 0 };
  }
  const { rows } = await insertMissing<{ count: number; ecids: string[] }>(
    client,
    (onConflict) => sampled(`${statement(onConflict)} RETURNING ecid`),
    params,
  );
  return { count: rows[0].count, ecids: listedIfFew(rows[0].ecids) };
}

/** Wraps a data-modifying statement RETURNING ecid: its row count and a sample of ECIDs. */
function sampled(statement: string): string {
  return `WITH changed AS (${statement})
     SELECT count(*)::int AS count,
            ARRAY(SELECT ecid FROM changed LIMIT ${CHANGE_LIST_LIMIT + 1}) AS ecids
       FROM changed`;
}

/**
 * Runs a DELETE of members (alias `m`) and remembers each removed ECID in audience_exit at the
 * time of arrival, as every membership statement is remembered (src/ingest/native-merge.ts):
 * an Adobe statement older than this removal cannot bring the member back. Returns the row
 * count, and the ECIDs removed when `list`.
 */
async function removedRows(
  client: pg.PoolClient,
  statement: string,
  params: unknown[],
  list: boolean,
  ws: string,
  aud: string,
): Promise<{ count: number; ecids?: string[] }> {
  const { rows } = await client.query<{ count: number; ecids: string[] | null }>(
    `WITH gone AS (${statement} RETURNING m.ecid),
     exits AS (
       INSERT INTO audience_exit (workspace_id, audience_id, ecid, qualified_at)
       SELECT ${ws}, ${aud}, ecid, now() FROM gone ORDER BY ecid
       ON CONFLICT (workspace_id, audience_id, ecid)
       DO UPDATE SET qualified_at = greatest(audience_exit.qualified_at, excluded.qualified_at)
     )
     SELECT count(*)::int AS count,
            ${list ? `ARRAY(SELECT ecid FROM gone LIMIT ${CHANGE_LIST_LIMIT + 1})` : 'NULL::text[]'} AS ecids
       FROM gone`,
    params,
  );
  const row = rows[0];
  return { count: row.count, ecids: row.ecids ? listedIfFew(row.ecids) : undefined };
}

/**
 * Forgets the exits of ECIDs the API just made members (a member has no exit). Skipped when
 * the audience has no exit at all, the usual case, so a large upload pays one probe.
 */
async function forgetExits(
  client: pg.PoolClient,
  source: string,
  params: unknown[],
  ws: string,
  aud: string,
): Promise<void> {
  // The last two parameters are the workspace and audience (see mergeMembers).
  const any = await client.query(
    'SELECT 1 FROM audience_exit WHERE workspace_id = $1 AND audience_id = $2 LIMIT 1',
    params.slice(-2),
  );
  if (!any.rowCount) return;
  await client.query(
    `DELETE FROM audience_exit e USING ${source} s
      WHERE e.workspace_id = ${ws} AND e.audience_id = ${aud} AND e.ecid = s.ecid`,
    params,
  );
}
