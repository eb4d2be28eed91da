import type { Queryable } from '../db/transaction.js';
import type { AssociationSource } from '../domain/association-sources.js';
import type { IdentityChange } from '../sync/changes.js';
import { CHANGE_LIST_LIMIT, insertMissing, listedIfFew, type RowSource } from './identity-merge.js';

/**
 * The association merge (Munchkin cookie -> lead), set-based: one statement whether the
 * source is an associateLead mutation's one row, a beacon's (form fill, email click), or an
 * upload's staging table.
 */

/** What an association merge changed. */
export interface AssociationsMerged {
  changed: number;
  createdLeads: number;
  cookieIds?: string[];
  leadIds?: string[];
}

/** One association (`cookieId` to the lead of `email`) as the source of a merge. */
export function oneAssociation(cookieId: string, email: string): RowSource {
  return {
    sql: '(SELECT $1::text AS cookie_id, $2::text AS email, 1 AS line)',
    params: [cookieId, email],
  };
}

/**
 * Ties each cookie of the source to the lead of its email; the latest line per cookie wins.
 * Unknown emails create their lead (the form fill made the person known); unknown cookies are
 * created. A cookie that moves to another lead (or gets its first lead) is recorded in
 * lead_association with its previous lead; re-associating the same lead changes nothing.
 * Call under lockIdentities.
 */
export async function mergeAssociations(
  client: Queryable,
  workspaceId: string,
  source: RowSource,
  via: AssociationSource,
): Promise<AssociationsMerged> {
  const ws = `$${source.params.length + 1}::bigint`;
  const params = [...source.params, workspaceId];
  const created = await insertMissing(
    client,
    (onConflict) => `INSERT INTO lead (workspace_id, email)
     SELECT ${ws}, n.email FROM (SELECT DISTINCT email FROM ${source.sql} src) n
      WHERE NOT EXISTS (SELECT 1 FROM lead l WHERE l.workspace_id = ${ws} AND l.email = n.email)
      ORDER BY n.email
     ${onConflict}`,
    params,
  );
  const via$ = `$${params.length + 1}`;
  const { rows } = await client.query<{
    changed: number;
    cookie_ids: string[];
    lead_ids: string[];
  }>(
    `WITH latest AS (
       SELECT DISTINCT ON (s.cookie_id) s.cookie_id, l.id AS lead_id
         FROM ${source.sql} s JOIN lead l ON l.workspace_id = ${ws} AND l.email = s.email
        ORDER BY s.cookie_id, s.line DESC
     ), moved AS (
       SELECT latest.cookie_id, latest.lead_id, c.lead_id AS previous_lead_id
         FROM latest
         LEFT JOIN munchkin_cookie c ON c.workspace_id = ${ws} AND c.cookie_id = latest.cookie_id
        WHERE c.lead_id IS DISTINCT FROM latest.lead_id
     ), cookies AS (
       INSERT INTO munchkin_cookie (workspace_id, cookie_id, lead_id, associated_at, association_source)
       SELECT ${ws}, cookie_id, lead_id, now(), ${via$} FROM moved ORDER BY cookie_id
       ON CONFLICT (workspace_id, cookie_id) DO UPDATE
          SET lead_id = excluded.lead_id,
              associated_at = excluded.associated_at,
              association_source = excluded.association_source
     ), history AS (
       INSERT INTO lead_association (workspace_id, cookie_id, lead_id, previous_lead_id, source)
       SELECT ${ws}, cookie_id, lead_id, previous_lead_id, ${via$} FROM moved
     )
     SELECT count(*)::int AS changed,
            ARRAY(SELECT cookie_id FROM moved LIMIT ${CHANGE_LIST_LIMIT + 1}) AS cookie_ids,
            ARRAY(SELECT DISTINCT id FROM (
                    SELECT lead_id AS id FROM moved
                    UNION ALL SELECT previous_lead_id FROM moved WHERE previous_lead_id IS NOT NULL
                  ) ids LIMIT ${CHANGE_LIST_LIMIT + 1}) AS lead_ids
       FROM moved`,
    [...params, via],
  );
  const row = rows[0];
  return {
    changed: row.changed,
    createdLeads: created.rowCount ?? 0,
    cookieIds: listedIfFew(row.cookie_ids),
    leadIds: listedIfFew(row.lead_ids),
  };
}

/** The change an association merge made, for its sync triggers; null when it moved nothing. */
export function associationsChange(
  workspaceId: string,
  merged: AssociationsMerged,
): IdentityChange | null {
  return merged.changed > 0
    ? { workspaceId, kind: 'ASSOCIATIONS', cookieIds: merged.cookieIds, leadIds: merged.leadIds }
    : null;
}
