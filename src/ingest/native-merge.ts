import type pg from 'pg';
import type { AudienceSource } from '../entities/audience.js';
import type { IdentityChange } from '../sync/changes.js';
import { CHANGE_LIST_LIMIT, insertMissing, listedIfFew } from './identity-merge.js';

/**
 * The staging table of an Adobe-native upload: one membership statement per row, in the
 * order the request made them (`seq`). `name` is the audience name the payload carried, if any.
 */
export const NATIVE_STAGE_TABLE = 'native_stage';

/** The columns of NATIVE_STAGE_TABLE, in COPY order. */
export const NATIVE_STAGE_COLUMNS =
  'external_id text, name text, ecid text, member boolean, qualified_at timestamptz, seq bigint';

/** Where a native input keeps its audiences (the public contract, "Adobe-native audience inputs"). */
export interface NativeTarget {
  source: Exclude<AudienceSource, 'API'>;
  /** The root folder its new audiences go to. */
  folderName: string;
  /** The Audience Manager destination id (DID) that delivered the statements, if known. */
  destinationId?: string | null;
  /**
   * A full set: the statements are the whole membership, at this time, of every audience the
   * destination has delivered; members missing from it leave (unless set later than it).
   */
  fullSetAt?: Date;
}

export interface NativeMerged {
  /** Memberships added or removed. */
  accepted: number;
  /** Valid statements that changed nothing (stale, repeated, or already so). */
  duplicates: number;
  audiencesCreated: number;
  change: IdentityChange | null;
}

/** Creates the source's root folder when needed (whatever its case) and returns its id. */
async function rootFolder(client: pg.PoolClient, workspaceId: string, name: string) {
  await client.query(
    `INSERT INTO audience_folder (workspace_id, parent_id, name, path) VALUES ($1, NULL, $2::text, $2::text)
     ON CONFLICT (workspace_id, coalesce(parent_id, 0), lower(name)) DO NOTHING`,
    [workspaceId, name],
  );
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM audience_folder
      WHERE workspace_id = $1 AND parent_id IS NULL AND lower(name) = lower($2)`,
    [workspaceId, name],
  );
  return rows[0].id;
}

/**
 * Applies the statements of `stage` (a relation with NATIVE_STAGE_TABLE's columns holding
 * `staged` rows) in the caller's transaction, by the rules of the public contract:
 * - audiences unknown so far are created in the source's root folder, named after the last
 *   name the request carried for them, else their id; a name renames an existing audience;
 * - per (audience, ECID) the request's last statement wins; it changes nothing when the
 *   membership or exit stored for that pair has a later qualification time;
 * - a fresh `member` statement adds the ECID (or moves its qualification time forward), a
 *   fresh exit removes it and is remembered in audience_exit with its time.
 * Audiences are row-locked in id order for the rest of the transaction, as the API's merges
 * do, so concurrent merges into one audience serialise.
 */
export async function mergeNative(
  client: pg.PoolClient,
  workspaceId: string,
  target: NativeTarget,
  stage: string,
  staged: number,
): Promise<NativeMerged> {
  if (staged === 0 && !target.fullSetAt) {
    return { accepted: 0, duplicates: 0, audiencesCreated: 0, change: null };
  }
  const folderId = await rootFolder(client, workspaceId, target.folderName);
  await client.query(`ANALYZE ${stage}`).catch(() => undefined);
  await client.query(
    `CREATE TEMP TABLE native_wanted ON COMMIT DROP AS
     SELECT external_id,
            (array_agg(name ORDER BY seq DESC) FILTER (WHERE name IS NOT NULL))[1] AS name
       FROM ${stage} GROUP BY external_id`,
  );
  const created = await client.query(
    `INSERT INTO audience (workspace_id, folder_id, external_id, name, source)
     SELECT $1, $2, w.external_id, coalesce(w.name, w.external_id), $3
       FROM native_wanted w ORDER BY w.external_id
     ON CONFLICT (workspace_id, external_id) DO NOTHING`,
    [workspaceId, folderId, target.source],
  );
  // The audiences in play: the request's, and for a full set every one its destination
  // delivered before. Locked in id order, then renamed where a new name arrived.
  await client.query(
    `CREATE TEMP TABLE native_audience ON COMMIT DROP AS
     SELECT a.id, a.external_id FROM audience a JOIN native_wanted w USING (external_id)
      WHERE a.workspace_id = $1`,
    [workspaceId],
  );
  if (target.destinationId) {
    if (target.fullSetAt) {
      await client.query(
        `INSERT INTO native_audience (id, external_id)
         SELECT a.id, a.external_id FROM aam_destination_audience d
           JOIN audience a ON a.id = d.audience_id AND a.workspace_id = d.workspace_id
          WHERE d.workspace_id = $1 AND d.destination_id = $2
            AND NOT EXISTS (SELECT 1 FROM native_audience n WHERE n.id = a.id)`,
        [workspaceId, target.destinationId],
      );
    }
    await client.query(
      `INSERT INTO aam_destination_audience (workspace_id, destination_id, audience_id)
       SELECT $1, $2, id FROM native_audience ORDER BY id ON CONFLICT DO NOTHING`,
      [workspaceId, target.destinationId],
    );
  }
  await client.query(
    `SELECT 1 FROM audience WHERE workspace_id = $1 AND id IN (SELECT id FROM native_audience)
      ORDER BY id FOR NO KEY UPDATE`,
    [workspaceId],
  );
  await client.query(
    `UPDATE audience a SET name = w.name, updated_at = now()
       FROM native_wanted w
      WHERE a.workspace_id = $1 AND a.external_id = w.external_id
        AND w.name IS NOT NULL AND a.name <> w.name`,
    [workspaceId],
  );
  // The last statement of each pair in this request, then the ones a full set implies. Pairs
  // are told apart in "C" order: equality is the same in every deterministic collation, and
  // PostgreSQL sorts bytes faster than by a locale (abbreviated keys, no strcoll).
  await client.query(
    `CREATE TEMP TABLE native_winner ON COMMIT DROP AS
     SELECT DISTINCT ON (s.external_id COLLATE "C", s.ecid COLLATE "C")
            a.id AS audience_id, s.ecid, s.member, s.qualified_at,
            false AS implied
       FROM ${stage} s JOIN native_audience a USING (external_id)
      ORDER BY s.external_id COLLATE "C", s.ecid COLLATE "C", s.seq DESC`,
  );
  if (target.fullSetAt) {
    await client.query(
      `INSERT INTO native_winner (audience_id, ecid, member, qualified_at, implied)
       SELECT m.audience_id, m.ecid, false, $2, true
         FROM audience_member m
        WHERE m.workspace_id = $1 AND m.audience_id IN (SELECT id FROM native_audience)
          AND NOT EXISTS (SELECT 1 FROM native_winner w
                           WHERE w.audience_id = m.audience_id AND w.ecid = m.ecid AND w.member)`,
      [workspaceId, target.fullSetAt],
    );
  }
  await client.query('ANALYZE native_winner');
  const changed = await applyWinners(client, workspaceId);
  const change: IdentityChange | null =
    changed.accepted > 0
      ? {
          workspaceId,
          kind: 'AUDIENCE_MEMBERS',
          audienceIds: changed.audience_ids,
          ecids: listedIfFew(changed.ecids),
        }
      : null;
  return {
    accepted: changed.accepted,
    duplicates: staged - changed.explicit,
    audiencesCreated: created.rowCount ?? 0,
    change,
  };
}

/**
 * Applies native_winner to the memberships and exits of the audiences in play (locked by the
 * caller) and returns what changed: memberships added or removed, of which explicit (not
 * implied by a full set), the audiences and a sample of the ECIDs.
 */
async function applyWinners(client: pg.PoolClient, workspaceId: string) {
  // Most audiences never had a member removed: then no exit can outrank a statement or has
  // to be forgotten, and those two passes over the winners are skipped.
  const anyExit = await client.query(
    `SELECT 1 FROM audience_exit
      WHERE workspace_id = $1 AND audience_id IN (SELECT id FROM native_audience) LIMIT 1`,
    [workspaceId],
  );
  const exits = (anyExit.rowCount ?? 0) > 0;
  // Stale: something later is stored for the pair. Equal times apply (a repeat changes nothing).
  // Each winner is looked up on the primary keys (a subplan per row): a join would read the
  // workspace's whole membership for a request of a few thousand statements.
  const storedAt = (table: string) => `(SELECT s.qualified_at FROM ${table} s
      WHERE s.workspace_id = $1 AND s.audience_id = w.audience_id AND s.ecid = w.ecid)`;
  await client.query(
    `DELETE FROM native_winner w
      WHERE ${storedAt('audience_member')} > w.qualified_at
      ${exits ? `OR ${storedAt('audience_exit')} > w.qualified_at` : ''}`,
    [workspaceId],
  );
  await client.query(
    'CREATE TEMP TABLE native_changed (audience_id bigint, ecid text, implied boolean) ON COMMIT DROP',
  );
  await client.query(
    `WITH gone AS (
       DELETE FROM audience_member m USING native_winner w
        WHERE m.workspace_id = $1 AND m.audience_id = w.audience_id AND m.ecid = w.ecid
          AND NOT w.member
       RETURNING m.audience_id, m.ecid, w.implied
     )
     INSERT INTO native_changed SELECT audience_id, ecid, implied FROM gone`,
    [workspaceId],
  );
  await client.query(
    `INSERT INTO audience_exit (workspace_id, audience_id, ecid, qualified_at)
     SELECT $1, w.audience_id, w.ecid, w.qualified_at FROM native_winner w
      WHERE NOT w.member ORDER BY w.audience_id, w.ecid
     ON CONFLICT (workspace_id, audience_id, ecid) DO UPDATE SET qualified_at = excluded.qualified_at`,
    [workspaceId],
  );
  await client.query(
    `UPDATE audience_member m SET qualified_at = w.qualified_at FROM native_winner w
      WHERE m.workspace_id = $1 AND m.audience_id = w.audience_id AND m.ecid = w.ecid
        AND w.member AND m.qualified_at < w.qualified_at`,
    [workspaceId],
  );
  await insertMissing(
    client,
    (onConflict) => `WITH added AS (
       INSERT INTO audience_member (workspace_id, audience_id, ecid, qualified_at)
       SELECT $1, w.audience_id, w.ecid, w.qualified_at FROM native_winner w
        WHERE w.member AND NOT EXISTS (
          SELECT 1 FROM audience_member m
           WHERE m.workspace_id = $1 AND m.audience_id = w.audience_id AND m.ecid = w.ecid)
        ORDER BY w.audience_id, w.ecid
       ${onConflict}
       RETURNING audience_id, ecid
     )
     INSERT INTO native_changed SELECT audience_id, ecid, false FROM added`,
    [workspaceId],
  );
  // Only exits stored before this request can belong to a pair whose winner is a member.
  if (exits) {
    await client.query(
      `DELETE FROM audience_exit e USING native_winner w
        WHERE e.workspace_id = $1 AND e.audience_id = w.audience_id AND e.ecid = w.ecid AND w.member`,
      [workspaceId],
    );
  }
  const { rows } = await client.query<{
    accepted: number;
    explicit: number;
    audience_ids: string[];
    ecids: string[];
  }>(
    `SELECT count(*)::int AS accepted,
            (count(*) FILTER (WHERE NOT implied))::int AS explicit,
            ARRAY(SELECT DISTINCT audience_id::text FROM native_changed ORDER BY 1) AS audience_ids,
            ARRAY(SELECT ecid FROM native_changed LIMIT ${CHANGE_LIST_LIMIT + 1}) AS ecids
       FROM native_changed`,
  );
  return rows[0];
}
