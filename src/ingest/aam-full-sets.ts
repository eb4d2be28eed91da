import type pg from 'pg';
import { announceWorkspaceChange } from '../db/channels.js';
import { withTransaction } from '../db/transaction.js';
import type { AamFileName, ControlEntry } from './aam-batch.js';
import { AAM_FOLDER } from './aam-realtime.js';
import { mergeNative, NATIVE_STAGE_TABLE, type NativeMerged } from './native-merge.js';
import { UploadError } from './records.js';

/**
 * Audience Manager full sets: each part is held in PostgreSQL (aam_full_part, its statements
 * in aam_full_row) until the set's control file (aam_full_control) lists exactly the parts
 * received, with their line counts and md5; then the whole set applies in the transaction
 * that completed it. Every step of one set runs under a transaction-scoped advisory lock of
 * the set, so parts and control file arriving at once cannot both miss the completion.
 */

/** What a part or control file did: still pending, or the set applied (with its merge). */
export type FullSetOutcome = { pending: true } | { pending: false; merged: NativeMerged };

async function lockSet(client: pg.PoolClient, workspaceId: string, setName: string) {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `aam-full:${workspaceId}:${setName}`,
  ]);
}

/** Most full sets one workspace may hold at once (parts or control file waiting). */
export const MAX_HELD_SETS = 50;

/** The held sets (workspace, name) whose first file arrived more than `expiryMs` ago. */
const EXPIRED_SETS = `SELECT workspace_id, set_name FROM (
       SELECT workspace_id, set_name, received_at FROM aam_full_part
       UNION ALL SELECT workspace_id, set_name, received_at FROM aam_full_control
     ) held WHERE workspace_id = coalesce($1, workspace_id) GROUP BY workspace_id, set_name
     HAVING min(received_at) < now() - make_interval(secs => $2::double precision / 1000)`;

async function forgetSets(client: pg.PoolClient, workspaceId: string, sets: string[]) {
  for (const table of ['aam_full_row', 'aam_full_part', 'aam_full_control']) {
    await client.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND set_name = any($2)`, [
      workspaceId,
      sets,
    ]);
  }
  // What the workspace's held sets answer changed: no cached answer may outlive it.
  await announceWorkspaceChange(client, workspaceId);
}

/** Drops the workspace's held sets whose first file arrived more than `expiryMs` ago. */
export async function expireHeldSets(
  client: pg.PoolClient,
  workspaceId: string,
  expiryMs: number,
): Promise<void> {
  const { rows } = await client.query<{ set_name: string }>(EXPIRED_SETS, [workspaceId, expiryMs]);
  const sets = rows.map((row) => row.set_name);
  if (sets.length > 0) await forgetSets(client, workspaceId, sets);
}

/**
 * Drops every workspace's expired held sets (the hourly retention task), each in a
 * transaction of its own under its set's lock, so a part arriving meanwhile is not cut in
 * half. Returns how many sets went.
 */
export async function expireAllHeldSets(pool: pg.Pool, expiryMs: number): Promise<number> {
  const { rows } = await pool.query<{ workspace_id: string; set_name: string }>(EXPIRED_SETS, [
    null,
    expiryMs,
  ]);
  for (const { workspace_id: workspaceId, set_name: setName } of rows) {
    await withTransaction(pool, async (client) => {
      await lockSet(client, workspaceId, setName);
      await expireHeldSets(client, workspaceId, expiryMs);
    });
  }
  return rows.length;
}

/**
 * Refuses (409 HELD_SETS_FULL) a file that would make the workspace hold more than
 * MAX_HELD_SETS sets, or more than `maxBytes` of parts (the file replacing its own earlier
 * copy does not count twice). Nothing of it is kept; finished or expired sets make room.
 */
async function checkHeldRoom(
  client: pg.PoolClient,
  workspaceId: string,
  name: AamFileName,
  limits: { maxBytes: number; addedBytes: number },
): Promise<void> {
  const { rows } = await client.query<{ sets: number; bytes: string }>(
    `SELECT (SELECT count(*)::int FROM (
               SELECT set_name FROM aam_full_part WHERE workspace_id = $1 AND set_name <> $2
               UNION SELECT set_name FROM aam_full_control WHERE workspace_id = $1 AND set_name <> $2
             ) others) AS sets,
            (SELECT coalesce(sum(byte_size), 0) FROM aam_full_part
              WHERE workspace_id = $1 AND NOT (set_name = $2 AND file_name = $3)) AS bytes`,
    [workspaceId, name.setName, name.fileName],
  );
  const { sets } = rows[0];
  const bytes = Number(rows[0].bytes);
  const known = await client.query(
    `SELECT 1 FROM aam_full_part WHERE workspace_id = $1 AND set_name = $2
     UNION ALL SELECT 1 FROM aam_full_control WHERE workspace_id = $1 AND set_name = $2 LIMIT 1`,
    [workspaceId, name.setName],
  );
  if ((known.rowCount ?? 0) === 0 && sets >= MAX_HELD_SETS) {
    throw new UploadError(
      'HELD_SETS_FULL',
      `The workspace already holds ${sets} unfinished full sets, the most it may hold at once; send their control files or let them expire (AAM_FULL_SET_EXPIRY_MS). Nothing was kept`,
    );
  }
  if (bytes + limits.addedBytes > limits.maxBytes) {
    throw new UploadError(
      'HELD_SETS_FULL',
      `Holding this part would make ${bytes + limits.addedBytes} bytes of unfinished full sets, over AAM_FULL_SET_MAX_BYTES (${limits.maxBytes}); send their control files or let them expire. Nothing was kept`,
    );
  }
}

interface HeldPart {
  file_name: string;
  line_count: number;
  md5: string;
  raw_md5: string;
}

function mismatch(message: string): UploadError {
  return new UploadError('CONTROL_FILE_MISMATCH', `${message}; nothing was applied`);
}

/** Why `part` does not match its control entry, or null when it does. */
function partProblem(entry: ControlEntry | undefined, part: HeldPart): string | null {
  if (!entry) return `${part.file_name} is not listed in the set's control file`;
  if (entry.lineCount !== part.line_count) {
    return `${part.file_name} has ${part.line_count} lines, the control file says ${entry.lineCount}`;
  }
  if (entry.md5 !== null && entry.md5 !== part.md5 && entry.md5 !== part.raw_md5) {
    return `${part.file_name}'s md5 is not the control file's`;
  }
  return null;
}

async function heldParts(client: pg.PoolClient, workspaceId: string, setName: string) {
  const { rows } = await client.query<HeldPart>(
    `SELECT file_name, line_count, md5, raw_md5 FROM aam_full_part
      WHERE workspace_id = $1 AND set_name = $2 ORDER BY file_name`,
    [workspaceId, setName],
  );
  return rows;
}

/** Applies the held set in this transaction and forgets it. */
async function applySet(
  client: pg.PoolClient,
  workspaceId: string,
  name: AamFileName,
): Promise<NativeMerged> {
  const stage = `${NATIVE_STAGE_TABLE}_full`;
  const staged = await client.query(
    `CREATE TEMP TABLE ${stage} ON COMMIT DROP AS
     SELECT external_id, NULL::text AS name, ecid, member, $3::timestamptz AS qualified_at,
            row_number() OVER (ORDER BY file_name, seq) AS seq
       FROM aam_full_row WHERE workspace_id = $1 AND set_name = $2`,
    [workspaceId, name.setName, name.at],
  );
  const merged = await mergeNative(
    client,
    workspaceId,
    {
      source: 'AUDIENCE_MANAGER',
      folderName: AAM_FOLDER,
      destinationId: name.destinationId,
      fullSetAt: name.at,
    },
    stage,
    staged.rowCount ?? 0,
  );
  for (const table of ['aam_full_row', 'aam_full_part', 'aam_full_control']) {
    await client.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND set_name = $2`, [
      workspaceId,
      name.setName,
    ]);
  }
  return merged;
}

/** Whether every listed part is held (and nothing else is). */
function complete(entries: ControlEntry[], parts: HeldPart[]): boolean {
  return (
    parts.length === entries.length &&
    entries.every((entry) => parts.some((part) => part.file_name === entry.fileName))
  );
}

async function storedControl(client: pg.PoolClient, workspaceId: string, setName: string) {
  const { rows } = await client.query<{ files: ControlEntry[] }>(
    'SELECT files FROM aam_full_control WHERE workspace_id = $1 AND set_name = $2',
    [workspaceId, setName],
  );
  return rows[0]?.files ?? null;
}

/**
 * Holds a received part (its statements are in NATIVE_STAGE_TABLE), replacing an earlier
 * copy of the same file. When the control file is already here, the part must match its entry
 * (409 otherwise, nothing kept), and the last missing part applies the set.
 */
export async function holdPart(
  client: pg.PoolClient,
  workspaceId: string,
  name: AamFileName,
  content: { lineCount: number; byteSize: number; md5: string; rawMd5: string },
  maxBytes: number,
): Promise<FullSetOutcome> {
  await lockSet(client, workspaceId, name.setName);
  await announceWorkspaceChange(client, workspaceId);
  const part: HeldPart = {
    file_name: name.fileName,
    line_count: content.lineCount,
    md5: content.md5,
    raw_md5: content.rawMd5,
  };
  const control = await storedControl(client, workspaceId, name.setName);
  if (control) {
    const problem = partProblem(
      control.find((entry) => entry.fileName === name.fileName),
      part,
    );
    if (problem) throw mismatch(problem);
  }
  await checkHeldRoom(client, workspaceId, name, { maxBytes, addedBytes: content.byteSize });
  await client.query(
    'DELETE FROM aam_full_row WHERE workspace_id = $1 AND set_name = $2 AND file_name = $3',
    [workspaceId, name.setName, name.fileName],
  );
  await client.query(
    `INSERT INTO aam_full_row (workspace_id, set_name, file_name, seq, external_id, ecid, member)
     SELECT $1, $2, $3, seq, external_id, ecid, member FROM ${NATIVE_STAGE_TABLE}`,
    [workspaceId, name.setName, name.fileName],
  );
  await client.query(
    `INSERT INTO aam_full_part
       (workspace_id, set_name, file_name, destination_id, line_count, byte_size, md5, raw_md5)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (workspace_id, set_name, file_name) DO UPDATE
       SET line_count = excluded.line_count, byte_size = excluded.byte_size,
           md5 = excluded.md5, raw_md5 = excluded.raw_md5, received_at = now()`,
    [
      workspaceId,
      name.setName,
      name.fileName,
      name.destinationId,
      content.lineCount,
      content.byteSize,
      content.md5,
      content.rawMd5,
    ],
  );
  if (control && complete(control, await heldParts(client, workspaceId, name.setName))) {
    return { pending: false, merged: await applySet(client, workspaceId, name) };
  }
  return { pending: true };
}

/**
 * Takes a full set's control file: every held part must be listed and match its entry, and
 * every entry must name a part of this set (409 otherwise, nothing applied or kept). With all
 * parts held the set applies now; else the control file waits for the rest.
 */
export async function receiveControl(
  client: pg.PoolClient,
  workspaceId: string,
  name: AamFileName,
  entries: ControlEntry[],
): Promise<FullSetOutcome> {
  await lockSet(client, workspaceId, name.setName);
  await announceWorkspaceChange(client, workspaceId);
  for (const entry of entries) {
    if (!entry.fileName.startsWith(name.setName) || !/\.sync$/.test(entry.fileName)) {
      throw mismatch(`${entry.fileName} is not a part of ${name.setName}`);
    }
  }
  const parts = await heldParts(client, workspaceId, name.setName);
  for (const part of parts) {
    const problem = partProblem(
      entries.find((entry) => entry.fileName === part.file_name),
      part,
    );
    if (problem) throw mismatch(problem);
  }
  if (complete(entries, parts)) {
    return { pending: false, merged: await applySet(client, workspaceId, name) };
  }
  await checkHeldRoom(client, workspaceId, name, {
    maxBytes: Number.POSITIVE_INFINITY,
    addedBytes: 0,
  });
  await client.query(
    `INSERT INTO aam_full_control (workspace_id, set_name, destination_id, files)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id, set_name) DO UPDATE SET files = excluded.files, received_at = now()`,
    [workspaceId, name.setName, name.destinationId, JSON.stringify(entries)],
  );
  return { pending: true };
}

/** The merge of nothing: what a control file of an `iter` set applies (its files did). */
export const NOTHING_MERGED: NativeMerged = {
  accepted: 0,
  duplicates: 0,
  audiencesCreated: 0,
  change: null,
};

/** A held set, as the integration lists it. */
export interface HeldSet {
  setName: string;
  destinationId: string;
  timestamp: Date;
  receivedAt: Date;
  expiresAt: Date;
  controlFileReceived: boolean;
  expectedParts: number | null;
  parts: { fileName: string; lineCount: number; receivedAt: Date }[];
}

/** The workspace's held full sets not yet expired, oldest first. */
export async function listHeldSets(
  db: Pick<pg.Pool, 'query'>,
  workspaceId: string,
  expiryMs: number,
): Promise<HeldSet[]> {
  const { rows } = await db.query<{
    set_name: string;
    destination_id: string;
    received_at: Date;
    control_files: ControlEntry[] | null;
    parts: { fileName: string; lineCount: number; receivedAt: string }[] | null;
  }>(
    `WITH sets AS (
       SELECT set_name, min(destination_id) AS destination_id, min(received_at) AS received_at
         FROM (SELECT set_name, destination_id, received_at FROM aam_full_part WHERE workspace_id = $1
               UNION ALL
               SELECT set_name, destination_id, received_at FROM aam_full_control WHERE workspace_id = $1) h
        GROUP BY set_name
     )
     SELECT s.set_name, s.destination_id, s.received_at,
            (SELECT c.files FROM aam_full_control c WHERE c.workspace_id = $1 AND c.set_name = s.set_name) AS control_files,
            (SELECT json_agg(json_build_object('fileName', p.file_name, 'lineCount', p.line_count,
                                               'receivedAt', p.received_at) ORDER BY p.file_name)
               FROM aam_full_part p WHERE p.workspace_id = $1 AND p.set_name = s.set_name) AS parts
       FROM sets s
      WHERE s.received_at >= now() - make_interval(secs => $2::double precision / 1000)
      ORDER BY s.received_at, s.set_name`,
    [workspaceId, expiryMs],
  );
  return rows.map((row) => ({
    setName: row.set_name,
    destinationId: row.destination_id,
    timestamp: new Date(Number(/_(\d{13})$/.exec(row.set_name)?.[1] ?? 0)),
    receivedAt: row.received_at,
    expiresAt: new Date(row.received_at.getTime() + expiryMs),
    controlFileReceived: row.control_files !== null,
    expectedParts: row.control_files?.length ?? null,
    parts: (row.parts ?? []).map((part) => ({
      fileName: part.fileName,
      lineCount: part.lineCount,
      receivedAt: new Date(part.receivedAt),
    })),
  }));
}
