import type { Queryable } from '../db/transaction.js';
import type { IdentityChange } from '../sync/changes.js';
import { CHANGE_LIST_LIMIT, insertMissing, listedIfFew, type RowSource } from './identity-merge.js';
import { withoutHashJoins } from './merge-plan.js';

/**
 * The cookie sync merge (ECID <-> Munchkin cookie), set-based: one statement whether the
 * source is a recordCookieSync mutation's one row, a beacon's, or an upload's staging table.
 */

/** What a cookie sync merge added. */
export interface CookieSyncsMerged {
  added: number;
  ecids?: string[];
  cookieIds?: string[];
}

/**
 * Stores new (ecid, cookie) pairs and an anonymous munchkin_cookie row for each cookie that
 * has none yet. Pairs already stored (or repeated in the source) are not added again and
 * count as duplicates. Call under lockIdentities.
 */
export async function mergeCookieSyncs(
  client: Queryable,
  workspaceId: string,
  source: RowSource,
): Promise<CookieSyncsMerged> {
  const ws = `$${source.params.length + 1}::bigint`;
  const params = [...source.params, workspaceId];
  // Sorted in the columns' own collation, the primary keys' order: index pages fill in order,
  // and one sort serves each DISTINCT, a merge join along the key and the insert.
  return withoutHashJoins(client, async () => {
    // The cookies first, straight from the source: a cookie of a pair already stored has its
    // row since that pair was added, so the cookies missing here are those of new pairs (or
    // of a pair stored without one), and the pairs' insert below need not hand its rows on.
    await insertMissing(
      client,
      (onConflict) => `INSERT INTO munchkin_cookie (workspace_id, cookie_id)
       SELECT ${ws}, n.cookie_id
         FROM (SELECT DISTINCT cookie_id FROM ${source.sql} src) n
        WHERE NOT EXISTS (SELECT 1 FROM munchkin_cookie c
                           WHERE c.workspace_id = ${ws} AND c.cookie_id = n.cookie_id)
        ORDER BY n.cookie_id
       ${onConflict}`,
      params,
    );
    const { rows } = await insertMissing<{ added: number; ecids: string[]; cookie_ids: string[] }>(
      client,
      (onConflict) => `WITH added AS (
       INSERT INTO cookie_sync (workspace_id, ecid, cookie_id)
       SELECT ${ws}, s.ecid, s.cookie_id
         FROM (SELECT DISTINCT ecid, cookie_id FROM ${source.sql} src) s
        WHERE NOT EXISTS (SELECT 1 FROM cookie_sync c
                           WHERE c.workspace_id = ${ws} AND c.ecid = s.ecid AND c.cookie_id = s.cookie_id)
        ORDER BY s.ecid, s.cookie_id
       ${onConflict}
       RETURNING ecid, cookie_id
     )
     SELECT count(*)::int AS added,
            ARRAY(SELECT ecid FROM added LIMIT ${CHANGE_LIST_LIMIT + 1}) AS ecids,
            ARRAY(SELECT cookie_id FROM added LIMIT ${CHANGE_LIST_LIMIT + 1}) AS cookie_ids
       FROM added`,
      params,
    );
    const row = rows[0];
    return {
      added: row.added,
      ecids: listedIfFew(row.ecids),
      cookieIds: listedIfFew(row.cookie_ids),
    };
  });
}

/** The change a cookie sync merge made, for its sync triggers; null when it added nothing. */
export function cookieSyncsChange(
  workspaceId: string,
  merged: CookieSyncsMerged,
): IdentityChange | null {
  return merged.added > 0
    ? { workspaceId, kind: 'COOKIE_SYNCS', ecids: merged.ecids, cookieIds: merged.cookieIds }
    : null;
}
