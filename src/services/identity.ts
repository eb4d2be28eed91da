import type { Caller } from '../auth/tokens.js';
import type { AssociationSource } from '../domain/association-sources.js';
import { checkCookieId, checkEmail, checkImsOrgId, required } from '../domain/validation.js';
import { associationsChange, mergeAssociations, oneAssociation } from '../ingest/associations.js';
import { cookieSyncsChange, mergeCookieSyncs } from '../ingest/cookie-syncs.js';
import { lockIdentities } from '../ingest/identity-merge.js';
import {
  ASSOCIATION_RECORD,
  associationSource,
  COOKIE_SYNC_RECORD,
} from '../ingest/identity-records.js';
import { STAGE_TABLE, type UploadPlan } from '../ingest/upload.js';
import {
  assertCookieSyncAllowed,
  checkInputFields,
  cookieSyncLock,
  recordCookieSync,
} from './cookie-sync-rules.js';
import { writeIdentities } from './identity-writes.js';
import type { ServiceDeps } from './index.js';

/**
 * Cookie syncs and associations of the caller's workspace: the single-record mutations and
 * the bulk uploads, through the same set-based merges (src/ingest/cookie-syncs.ts and
 * src/ingest/associations.ts), so both follow exactly the same rules.
 */
export function createIdentityService(deps: ServiceDeps) {
  const { pool } = deps.database;

  return {
    /** Records that the browser with Munchkin cookie `cookieId` has the ECID `ecid`. */
    recordCookieSync(
      caller: Caller,
      input: { imsOrgId: string; ecid: string; cookieId: string },
    ): Promise<{ ecid: string; cookieId: string }> {
      return recordCookieSync(deps, caller, input);
    },

    /**
     * Ties the Munchkin cookie to the lead with `email` (created when unknown); the latest
     * association wins. Returns the lead's id.
     */
    associateLead(
      caller: Caller,
      input: { cookieId: string; email: string; source: AssociationSource },
    ): Promise<{ leadId: string }> {
      const [cookieId, email] = checkInputFields([
        ['cookieId', checkCookieId(input.cookieId)],
        ['email', checkEmail(input.email)],
      ]);
      const { workspaceId } = caller;
      return writeIdentities(deps, workspaceId, async (tx) => {
        const merged = await mergeAssociations(
          tx,
          workspaceId,
          oneAssociation(cookieId, email),
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
          // Re-checked under the lock: cookie sync may have been turned off during the upload.
          await cookieSyncLock(workspaceId)(tx);
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
