import type { Caller } from '../auth/tokens.js';
import type { Queryable } from '../db/transaction.js';
import {
  CookieSyncDisabledError,
  HipaaRestrictedError,
  ImsOrgMismatchError,
  IntegrationNotConfiguredError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.js';
import { type Checked, checkCookieId, checkEcid, checkImsOrgId } from '../domain/validation.js';
import { cookieSyncsChange, mergeCookieSyncs } from '../ingest/cookie-syncs.js';
import { lockIdentities } from '../ingest/identity-merge.js';
import { writeIdentities } from './identity-writes.js';
import type { ServiceDeps } from './index.js';

/**
 * The workspace rules of browser identity (cookie syncs and the beacons of the cookie-sync
 * script): the identity service's mutations and uploads and the munchkin service's beacons
 * all follow them, through the functions here.
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
 * The lock of a write that follows the cookie sync rules: the workspace's identity lock, then
 * the rules re-checked under it (cookie sync may have been turned off meanwhile).
 */
export function cookieSyncLock(workspaceId: string): (tx: Queryable) => Promise<void> {
  return async (tx) => {
    await lockIdentities(tx, workspaceId);
    await assertCookieSyncAllowed(tx, workspaceId);
  };
}

/**
 * Checks a mutation's fields (`input.<name>`); throws one ValidationError naming every bad
 * one, else answers their values in order.
 */
export function checkInputFields(fields: [string, Checked][]): string[] {
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

/**
 * Records that the browser with Munchkin cookie `cookieId` has the ECID `ecid`, for the
 * caller's workspace (its rules checked for `imsOrgId`): the recordCookieSync mutation and
 * the cookie sync beacon alike.
 */
export async function recordCookieSync(
  deps: ServiceDeps,
  caller: Caller,
  input: { imsOrgId: string; ecid: string; cookieId: string },
): Promise<{ ecid: string; cookieId: string }> {
  const [imsOrgId, ecid, cookieId] = checkInputFields([
    ['imsOrgId', checkImsOrgId(input.imsOrgId)],
    ['ecid', checkEcid(input.ecid)],
    ['cookieId', checkCookieId(input.cookieId)],
  ]);
  const { workspaceId } = caller;
  await assertCookieSyncAllowed(deps.database.pool, workspaceId, imsOrgId);
  await writeIdentities(deps, workspaceId, async (tx) => {
    const merged = await mergeCookieSyncs(tx, workspaceId, {
      sql: '(SELECT $1::text AS ecid, $2::text AS cookie_id)',
      params: [ecid, cookieId],
    });
    return { changes: [cookieSyncsChange(workspaceId, merged)], result: undefined };
  });
  return { ecid, cookieId };
}
