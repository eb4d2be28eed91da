import type pg from 'pg';
import { CHANGE_LIST_LIMIT, listedIfFew, lockIdentities } from '../services/identity.js';
import { checkEmail, checkOptionalName } from '../services/validation.js';
import type { RecordSpec } from './records.js';
import { STAGE_TABLE } from './upload.js';

export const LEAD_RECORD: RecordSpec = {
  columns: [
    { name: 'email', column: 'email', check: checkEmail },
    { name: 'firstName', column: 'first_name', optional: true, check: checkOptionalName },
    { name: 'lastName', column: 'last_name', optional: true, check: checkOptionalName },
  ],
  withLineNumber: true,
};

/**
 * Creates the staged leads and updates the names of known ones; the latest line of an email
 * wins, and a missing name keeps the stored one. accepted = leads created or changed;
 * duplicates = lines that changed nothing (same data stored, or the email repeated).
 */
export async function mergeLeads(
  client: pg.PoolClient,
  workspaceId: string,
  staged: number,
): Promise<{ accepted: number; duplicates: number; leadIds?: string[] }> {
  await lockIdentities(client, workspaceId);
  const { rows } = await client.query<{ count: number; ids: string[] }>(
    `WITH latest AS (
       SELECT DISTINCT ON (email) email, first_name, last_name
         FROM ${STAGE_TABLE} ORDER BY email, line DESC
     ), changed AS (
       INSERT INTO lead AS l (workspace_id, email, first_name, last_name)
       SELECT $1, email, first_name, last_name FROM latest ORDER BY email
       ON CONFLICT (workspace_id, email) DO UPDATE
          SET first_name = coalesce(excluded.first_name, l.first_name),
              last_name = coalesce(excluded.last_name, l.last_name),
              updated_at = now()
        WHERE (excluded.first_name IS NOT NULL AND excluded.first_name IS DISTINCT FROM l.first_name)
           OR (excluded.last_name IS NOT NULL AND excluded.last_name IS DISTINCT FROM l.last_name)
       RETURNING l.id
     )
     SELECT count(*)::int AS count,
            ARRAY(SELECT id FROM changed LIMIT ${CHANGE_LIST_LIMIT + 1}) AS ids
       FROM changed`,
    [workspaceId],
  );
  return {
    accepted: rows[0].count,
    duplicates: staged - rows[0].count,
    leadIds: listedIfFew(rows[0].ids),
  };
}
