import type { Queryable } from '../db/transaction.js';
import { checkEmail, checkOptionalName } from '../domain/validation.js';
import type { IdentityChange } from '../sync/changes.js';
import { CHANGE_LIST_LIMIT, insertMissing, listedIfFew, type RowSource } from './identity-merge.js';
import type { RecordSpec } from './records.js';

/**
 * A lead line: `email,firstName,lastName`, names optional (a missing name is staged as null,
 * which keeps the stored one). The line number lets the latest line of an email win; the
 * merge is mergeLeads, shared with the upsertLeads mutation and the form fill beacon.
 */
export const LEAD_RECORD: RecordSpec = {
  columns: [
    { name: 'email', column: 'email', check: checkEmail },
    { name: 'firstName', column: 'first_name', optional: true, check: checkOptionalName },
    { name: 'lastName', column: 'last_name', optional: true, check: checkOptionalName },
  ],
  withLineNumber: true,
};

/**
 * The one lead merge, shared by the upsertLeads mutation and the bulk upload: creates the
 * leads of unknown emails and updates the names of known ones. `source` yields (email,
 * first_name, last_name, line); the highest line of an email wins. A null name keeps the
 * stored one and an empty one clears it (uploads stage a missing name as null, so they never
 * clear). Only leads created or actually changed are counted and returned. Call under
 * lockIdentities, inside a transaction. `createOnly` leaves known leads exactly as they are:
 * a publishable key's caller (a form on a public page) may add a lead, never rewrite one.
 */
export async function mergeLeads(
  tx: Queryable,
  workspaceId: string,
  source: RowSource,
  options: { createOnly?: boolean } = {},
): Promise<{ changed: number; leadIds?: string[] }> {
  const ws = `$${source.params.length + 1}::bigint`;
  const updateKnown = `UPDATE lead l
          SET first_name = CASE WHEN s.first_name IS NULL THEN l.first_name
                                ELSE nullif(s.first_name, '') END,
              last_name = CASE WHEN s.last_name IS NULL THEN l.last_name
                               ELSE nullif(s.last_name, '') END,
              updated_at = now()
         FROM latest s
        WHERE l.workspace_id = ${ws} AND l.email = s.email
          AND ((s.first_name IS NOT NULL AND nullif(s.first_name, '') IS DISTINCT FROM l.first_name)
            OR (s.last_name IS NOT NULL AND nullif(s.last_name, '') IS DISTINCT FROM l.last_name))
       RETURNING l.id`;
  // UPDATE and INSERT see the same snapshot, so each email is handled by exactly one of them.
  const { rows } = await insertMissing<{ changed: number; ids: string[] }>(
    tx,
    (onConflict) => `WITH latest AS (
       SELECT DISTINCT ON (email) email, first_name, last_name
         FROM ${source.sql} src ORDER BY email, line DESC
     ), updated AS (
       ${options.createOnly ? 'SELECT NULL::bigint AS id WHERE false' : updateKnown}
     ), inserted AS (
       INSERT INTO lead (workspace_id, email, first_name, last_name)
       SELECT ${ws}, s.email, nullif(s.first_name, ''), nullif(s.last_name, '')
         FROM latest s
        WHERE NOT EXISTS (SELECT 1 FROM lead l WHERE l.workspace_id = ${ws} AND l.email = s.email)
        ORDER BY s.email
       ${onConflict}
       RETURNING id
     ), changed AS (
       SELECT id FROM updated UNION ALL SELECT id FROM inserted
     )
     SELECT count(*)::int AS changed,
            ARRAY(SELECT id FROM changed LIMIT ${CHANGE_LIST_LIMIT + 1}) AS ids
       FROM changed`,
    [...source.params, workspaceId],
  );
  return { changed: rows[0].changed, leadIds: listedIfFew(rows[0].ids) };
}

/** The change a lead merge made, for its sync triggers; null when it changed nothing. */
export function leadsChange(
  workspaceId: string,
  merged: { changed: number; leadIds?: string[] },
): IdentityChange | null {
  return merged.changed > 0 ? { workspaceId, kind: 'LEADS', leadIds: merged.leadIds } : null;
}
