import type pg from 'pg';
import type { Caller } from '../auth/tokens.js';
import { type FieldError, ValidationError } from '../domain/errors.js';
import {
  type Checked,
  checkCookieId,
  checkEmail,
  checkOptionalName,
} from '../domain/validation.js';
import { associationsChange, mergeAssociations, oneAssociation } from '../ingest/associations.js';
import { leadsChange, mergeLeads } from '../ingest/leads.js';
import type { IdentityChange } from '../sync/changes.js';
import { cookieSyncLock, recordCookieSync } from './cookie-sync-rules.js';
import { type IdentityWriteOutcome, writeIdentities } from './identity-writes.js';
import type { ServiceDeps } from './index.js';
import { verifyLinkToken } from './link-tokens.js';
import type { PublishableKeyGrant } from './publishable-keys.js';

/**
 * The calls of the cookie-sync script on customer pages (POST /munchkin/v1/*). A publishable
 * key stands for its workspace and carries no API scope: these verbs are all it can reach.
 * Every beacon follows the workspace rules of recordCookieSync (not HIPAA-ready, integration
 * configured, cookie sync on), since each one captures browser identity for the Experience
 * Cloud integration; the changes go through the same merges and sync triggers as the API's.
 */

/** The caller a beacon acts as: the key's workspace, no scope. */
export function beaconCaller(grant: PublishableKeyGrant): Caller {
  return { workspaceId: grant.workspaceId, tokenId: `pk:${grant.keyId}`, scopes: new Set() };
}

function checked(fields: [string, Checked | { ok: true; value: string | null }][]) {
  const fieldErrors: FieldError[] = fields.flatMap(([name, result]) =>
    result.ok ? [] : [{ path: [name], message: `${name}: ${result.reason}` }],
  );
  if (fieldErrors.length > 0) {
    throw new ValidationError(fieldErrors.map((error) => error.message).join('; '), fieldErrors);
  }
  return fields.map(([, result]) => (result as { value: string | null }).value);
}

export function createMunchkinService(deps: ServiceDeps) {
  const { database } = deps;

  /** Writes under the identity lock once the workspace rules are re-checked under it. */
  const write = <T>(
    workspaceId: string,
    merge: (tx: pg.PoolClient) => Promise<IdentityWriteOutcome<T>>,
  ): Promise<T> => writeIdentities(deps, workspaceId, merge, { lock: cookieSyncLock(workspaceId) });

  /** Ties `cookieId` to the lead with `email` (FORM_FILL or EMAIL_CLICK), in `tx`. */
  async function associate(
    tx: pg.PoolClient,
    workspaceId: string,
    cookieId: string,
    email: string,
    via: 'FORM_FILL' | 'EMAIL_CLICK',
  ): Promise<IdentityChange | null> {
    const merged = await mergeAssociations(tx, workspaceId, oneAssociation(cookieId, email), via);
    return associationsChange(workspaceId, merged);
  }

  return {
    /** The visitor's Munchkin cookie and ECID, read on the page (recordCookieSync's rules). */
    async cookieSync(
      grant: PublishableKeyGrant,
      input: { imsOrgId: string; ecid: string; cookieId: string },
    ): Promise<void> {
      await recordCookieSync(deps, beaconCaller(grant), input);
    },

    /**
     * A form fill: the lead with `email` becomes the cookie's lead, as association FORM_FILL.
     * An unknown email creates its lead with the names given; a known lead keeps every field
     * as it is (anyone may post a form with someone else's email). One transaction.
     */
    async formFill(
      grant: PublishableKeyGrant,
      input: {
        cookieId: string;
        email: string;
        firstName?: string | null;
        lastName?: string | null;
      },
    ): Promise<void> {
      const [cookieId, email, firstName, lastName] = checked([
        ['cookieId', checkCookieId(input.cookieId)],
        ['email', checkEmail(input.email)],
        ['firstName', checkOptionalName(input.firstName)],
        ['lastName', checkOptionalName(input.lastName)],
      ]) as [string, string, string | null, string | null];
      const { workspaceId } = grant;
      await write(workspaceId, async (tx) => {
        const leads = await mergeLeads(
          tx,
          workspaceId,
          {
            sql: '(SELECT $1::text AS email, $2::text AS first_name, $3::text AS last_name, 1 AS line)',
            params: [email, firstName, lastName],
          },
          { createOnly: true },
        );
        const association = await associate(tx, workspaceId, cookieId, email, 'FORM_FILL');
        return { changes: [leadsChange(workspaceId, leads), association], result: undefined };
      });
    },

    /**
     * A click on a tracked email link: `mktTok` (from the landing page's URL) must be a token
     * signed by the key's own workspace; its lead becomes the cookie's lead (EMAIL_CLICK).
     */
    async emailClick(
      grant: PublishableKeyGrant,
      input: { cookieId: string; mktTok: string },
    ): Promise<void> {
      const [cookieId] = checked([['cookieId', checkCookieId(input.cookieId)]]) as [string];
      const link = await verifyLinkToken(database.pool, input.mktTok);
      const { workspaceId } = grant;
      if (!link || link.workspaceId !== workspaceId) {
        throw ValidationError.field(
          ['mktTok'],
          'mktTok: not a tracked link token of this workspace',
        );
      }
      await write(workspaceId, async (tx) => {
        const lead = await tx.query<{ email: string }>(
          'SELECT email FROM lead WHERE workspace_id = $1 AND id = $2',
          [workspaceId, link.leadId],
        );
        if (lead.rows.length === 0) {
          throw ValidationError.field(['mktTok'], 'mktTok: the lead of this link no longer exists');
        }
        const association = await associate(
          tx,
          workspaceId,
          cookieId,
          lead.rows[0].email,
          'EMAIL_CLICK',
        );
        return { changes: [association], result: undefined };
      });
    },
  };
}

export type MunchkinService = ReturnType<typeof createMunchkinService>;
