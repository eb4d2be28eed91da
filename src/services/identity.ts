
import type { Caller } from '../auth/tokens.js';
import { type Queryable, } from '../db/transaction.js';
import type { AssociationSource } from '../domain/association-sources.js';
import {
  CookieSyncDisabledError,
  HipaaRestrictedError,
  ImsOrgMismatchError,
  IntegrationNotConfiguredError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.js';
import {
  type Checked,
  checkCookieId,
  checkEcid,
  checkEmail,
  checkImsOrgId,
  required,
} from '../domain/validation.js';
import {
  CHANGE_LIST_LIMIT,
  insertMissing,
  listedIfFew,
  lockIdentities,
  type RowSource,
} from '../ingest/identity-merge.js';
import {
  ASSOCIATION_RECORD,
  associationSource,
  COOKIE_SYNC_RECORD,
} from '../ingest/identity-records.js';
import { withoutHashJoins } from '../ingest/merge-plan.js';
import { STAGE_TABLE, type UploadPlan } from '../ingest/upload.js';
import { type IdentityChange } from '../sync/changes.js';
import { writeIdentities } from './identity-writes.js';
import type { ServiceDeps } from './index.js';

/**
 * Identity resolution data: cookie syncs (ECID <-> Munchkin cookie) and associations (cookie
 * -> lead). The merges here are set-based and shared by the single-record mutations and the
 * bulk uploads, so both follow exactly the same rules.
 */

/**
 * Whether the workspace may record cookie syncs: not HIPAA-ready, integration configured (for
 * `imsOrgId` when given), cookie sync on. Throws the typed error otherwise.
 */
export async function assertCookieSyncAllowed(
  db: Queryable,
  workspaceId: string,
  imsOrgId?: string,
): Promise<void> {
  const { rows } = await db.query<{
    hipaa_ready: boolean;
    ims_org_id: string | null;
    cookie_sync_enabled: boolean | null;
  }>(
    `SELECT w.hipaa_ready, i.ims_org_id, i.cookie_sync_enabled
       FROM workspace w LEFT JOIN experience_cloud_integration i ON i.workspace_id = w.id
      WHERE w.id = $1`,
    [workspaceId],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError('Workspace');
  if (row.hipaa_ready) throw new HipaaRestrictedError();
  if (row.ims_org_id === null) throw new IntegrationNotConfiguredError();
  if (imsOrgId !== undefined && imsOrgId !== row.ims_org_id) throw new ImsOrgMismatchError();
  if (!row.cookie_sync_enabled) throw new CookieSyncDisabledError();
}

/**
 * Stores new (ecid, cookie) pairs and an anonymous munchkin_cookie row for each new cookie.
 * Pairs already stored (or repeated in the source) change nothing. Call under lockIdentities.
 */
export async function mergeCookieSyncs(
  client: Queryable,
  workspaceId: string,
  source: RowSource,
): Promise<{ added: number; ecids?: string[]; cookieIds?: string[] }> {
  const ws = `$${source.params.length + 1}::bigint`;
  // Sorted in the columns' own collation, the primary keys' order: index pages fill in order,
  // and one sort serves each DISTINCT, a merge join along the key and the insert.
  const { rows } = await withoutHashJoins(client, () =>
    insertMissing<{ added: number; ecids: string[]; cookie_ids: string[] }>(
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
     ), cookies AS (
       INSERT INTO munchkin_cookie (workspace_id, cookie_id)
       SELECT ${ws}, n.cookie_id
         FROM (SELECT DISTINCT cookie_id FROM added) n
        WHERE NOT EXISTS (SELECT 1 FROM munchkin_cookie c
                           WHERE c.workspace_id = ${ws} AND c.cookie_id = n.cookie_id)
        ORDER BY n.cookie_id
       ${onConflict}
     )
     SELECT count(*)::int AS added,
            ARRAY(SELECT ecid FROM added LIMIT ${CHANGE_LIST_LIMIT + 1}) AS ecids,
            ARRAY(SELECT cookie_id FROM added LIMIT ${CHANGE_LIST_LIMIT + 1}) AS cookie_ids
       FROM added`,
      [...source.params, workspaceId],
    ),
  );
  const row = rows[0];
  return {
    added: row.added,
    ecids: listedIfFew(row.ecids),
    cookieIds: listedIfFew(row.cookie_ids),
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
): Promise<{ changed: number; createdLeads: number; cookieIds?: string[]; leadIds?: string[] }> {
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

function validate(fields: [string, Checked][]): string[] {
  const fieldErrors = fields
    .map(([name, checked]) =>
      checked.ok ? null : { path: ['input', name], message: checked.reason },
    )
    .filter((error) => error !== null);
  if (fieldErrors.length > 0) {
    throw new ValidationError(
      fieldErrors.map((e) => `${e.path[1]}: ${e.message}`).join('; '),
      fieldErrors,
    );
  }
  return fields.map(([, checked]) => (checked as { value: string }).value);
}

/** The change a cookie sync merge made, for its sync triggers; null when it added nothing. */
function cookieSyncsChange(
  workspaceId: string,
  merged: Awaited<ReturnType<typeof mergeCookieSyncs>>,
): IdentityChange | null {
  return merged.added > 0
    ? { workspaceId, kind: 'COOKIE_SYNCS', ecids: merged.ecids, cookieIds: merged.cookieIds }
    : null;
}

/** The change an association merge made, for its sync triggers; null when it moved nothing. */
function associationsChange(
  workspaceId: string,
  merged: Awaited<ReturnType<typeof mergeAssociations>>,
): IdentityChange | null {
  return merged.changed > 0
    ? { workspaceId, kind: 'ASSOCIATIONS', cookieIds: merged.cookieIds, leadIds: merged.leadIds }
    : null;
}

/**
 * Cookie syncs and associations of the caller's workspace: the single-record mutations and
 * the bulk uploads, through the same merges.
 */
export function createIdentityService(deps: ServiceDeps) {
  const { pool } = deps.database;

  return {
    /** Records that the browser with Munchkin cookie `cookieId` has the ECID `ecid`. */
    async recordCookieSync(
      caller: Caller,
      input: { imsOrgId: string; ecid: string; cookieId: string },
    ): Promise<{ ecid: string; cookieId: string }> {
      const [imsOrgId, ecid, cookieId] = validate([
        ['imsOrgId', checkImsOrgId(input.imsOrgId)],
        ['ecid', checkEcid(input.ecid)],
        ['cookieId', checkCookieId(input.cookieId)],
      ]);
      const { workspaceId } = caller;
      await assertCookieSyncAllowed(pool, workspaceId, imsOrgId);
      await writeIdentities(deps, workspaceId, async (tx) => {
        const merged = await mergeCookieSyncs(tx, workspaceId, {
          sql: '(SELECT $1::text AS ecid, $2::text AS cookie_id)',
          params: [ecid, cookieId],
        });
        return { changes: [cookieSyncsChange(workspaceId, merged)], result: undefined };
      });
      return { ecid, cookieId };
    },

    /**
     * Ties the Munchkin cookie to the lead with `email` (created when unknown); the latest
     * association wins. Returns the lead's id.
     */
    associateLead(
      caller: Caller,
      input: { cookieId: string; email: string; source: AssociationSource },
    ): Promise<{ leadId: string }> {
      const [cookieId, email] = validate([
        ['cookieId', checkCookieId(input.cookieId)],
        ['email', checkEmail(input.email)],
      ]);
      const { workspaceId } = caller;
      return writeIdentities(deps, workspaceId, async (tx) => {
        const merged = await mergeAssociations(
          tx,
          workspaceId,
          {
            sql: '(SELECT $1::text AS cookie_id, $2::text AS email, 1 AS line)',
            params: [cookieId, email],
          },
          input.source,
        );
        const lead = await tx.query<{ id: string }>(
          'SELECT id FROM lead WHERE workspace_id = $1 AND email = $2',
          [workspaceId, email],
        );
        return {
          changes: [associationsChange(workspaceId, merged)],
          result: { leadId: lead.rows[0].id },
        };
      });
    },

    /**
     * The bulk upload of cookie syncs (POST /ingest/cookie-syncs), `ecid,cookieId` lines. The
     * workspace rules of recordCookieSync (and the IMS org, when given) are checked here,
     * before a byte of the body is read.
     */
    async cookieSyncsUpload(
      caller: Caller,
      input: { imsOrgId: string | null },
    ): Promise<UploadPlan> {
      const imsOrgId =
        input.imsOrgId === null ? undefined : required(checkImsOrgId(input.imsOrgId), ['imsOrgId']);
      const { workspaceId } = caller;
      await assertCookieSyncAllowed(pool, workspaceId, imsOrgId);
      return {
        spec: COOKIE_SYNC_RECORD,
        async merge(tx, staged) {
          await lockIdentities(tx, workspaceId);
          // Re-checked under the lock: cookie sync may have been turned off during the upload.
          await assertCookieSyncAllowed(tx, workspaceId);
          // Statistics for the merge's plan (see withoutHashJoins).
          await tx.query(`ANALYZE ${STAGE_TABLE}`);
          const merged = await mergeCookieSyncs(tx, workspaceId, { sql: STAGE_TABLE, params: [] });
          return {
            accepted: merged.added,
            duplicates: staged - merged.added,
            change: cookieSyncsChange(workspaceId, merged),
          };
        },
      };
    },

    /**
     * The bulk upload of associations (POST /ingest/associations), `cookieId,email` lines, all
     * with `source` (any case, API when null; another answers 400 before the body is read);
     * per cookie the latest line wins.
     */
    associationsUpload(caller: Caller, input: { source: string | null }): UploadPlan {
      const via = associationSource(input.source);
      const { workspaceId } = caller;
      return {
        spec: ASSOCIATION_RECORD,
        async merge(tx, staged) {
          await lockIdentities(tx, workspaceId);
          const merged = await mergeAssociations(
            tx,
            workspaceId,
            { sql: STAGE_TABLE, params: [] },
            via,
          );
          return {
            accepted: merged.changed,
            duplicates: staged - merged.changed,
            change: associationsChange(workspaceId, merged),
          };
        },
      };
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
