import type { Caller } from '../auth/tokens.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { checkText } from '../domain/validation.js';
import type { ServiceDeps } from './index.js';
import {
  encodeToken,
  landingUrl,
  MAX_TOKEN_LENGTH,
  MAX_TRACKED_URL_LENGTH,
  ownSecret,
  verifyLinkToken,
} from './link-tokens.js';

/** A destination a write-scope user may point a link at: an absolute http(s) address. */
function checkDestination(raw: string): string {
  const value = raw.trim();
  const text = checkText(value);
  const fail = (message: string) =>
    ValidationError.field(['input', 'url'], `input.url: ${message}`);
  if (!text.ok) throw fail(text.reason);
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw fail('must be an absolute http:// or https:// address');
  }
  if (url.username || url.password) throw fail('must not carry a user name or password');
  if (url.href.length > MAX_TRACKED_URL_LENGTH) {
    throw fail(`must be at most ${MAX_TRACKED_URL_LENGTH} characters`);
  }
  return url.href;
}

/** Tracked email links: signed for one lead and one destination. */
export function createTrackedLinkService({ config, database }: ServiceDeps) {
  const { pool } = database;
  return {
    /**
     * A link on PUBLIC_URL that redirects to `url` with the token in `mkt_tok`; the page's
     * cookie-sync script then ties the visitor's cookie to the lead.
     */
    async create(caller: Caller, input: { leadId: string; url: string }) {
      const url = checkDestination(input.url);
      const { workspaceId } = caller;
      const lead = await pool.query('SELECT 1 FROM lead WHERE workspace_id = $1 AND id = $2', [
        workspaceId,
        input.leadId,
      ]);
      if (lead.rowCount === 0) throw new NotFoundError('Lead');
      const secret = await ownSecret(pool, workspaceId);
      const token = encodeToken(secret, { workspaceId, leadId: input.leadId, url });
      if (token.length > MAX_TOKEN_LENGTH) {
        // Cannot happen for a url within MAX_TRACKED_URL_LENGTH (see MAX_TOKEN_LENGTH); a link
        // that /t/ would refuse is never handed out.
        throw ValidationError.field(
          ['input', 'url'],
          'input.url: too long once encoded in the link; use a shorter address',
        );
      }
      return { trackedUrl: `${config.publicUrl}/t/${token}` };
    },

    /** Where `GET /t/<token>` redirects, or null for a token that names nothing. */
    async follow(token: string): Promise<string | null> {
      const link = await verifyLinkToken(pool, token);
      return link ? landingUrl(link, token) : null;
    },
  };
}

export type TrackedLinkService = ReturnType<typeof createTrackedLinkService>;
