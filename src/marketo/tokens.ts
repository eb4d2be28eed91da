/**
 * Access tokens, one per custom service (identity endpoint and client id), cached for the
 * process: MARKETO-API.md §2. A token is reused until 60 s before its `expires_in`; at most one
 * identity request per service is in flight, and every caller waiting for a token shares it.
 * A client secret changed for the same client id keys a new entry (by its hash), so new
 * credentials never use a token issued for the old ones.
 */
import { createHash } from 'node:crypto';
import { MarketoAuthError, MarketoUnreachableError, redact } from './errors.js';
import { exchange, type MarketoFetch } from './http.js';

export interface MarketoCredentials {
  /** `https://<munchkin-id>.mktorest.com/rest` */
  restEndpoint: string;
  /** `https://<munchkin-id>.mktorest.com/identity` */
  identityEndpoint: string;
  clientId: string;
  clientSecret: string;
}

/** A token is renewed this long before Marketo says it expires (MD authentication.md). */
export const TOKEN_RENEW_MARGIN_MS = 60_000;

interface CacheEntry {
  token: string | null;
  /** When this process stops using `token` (its expiry less the margin), in ms since epoch. */
  renewAt: number;
  /** The identity request in flight, shared by every caller that needs a token now. */
  pending: Promise<string> | null;
}

const cache = new Map<string, CacheEntry>();

function cacheKey(credentials: MarketoCredentials): string {
  const secretHash = createHash('sha256').update(credentials.clientSecret).digest('hex');
  return `${credentials.identityEndpoint}\u0000${credentials.clientId}\u0000${secretHash}`;
}

/** Forgets every cached token of the process (tests). */
export function clearTokenCache(): void {
  cache.clear();
}

/**
 * When to stop using a token that has `expiresInS` seconds left. Normally 60 s before expiry.
 * Marketo answers the same token with its remaining life when asked again before it expires,
 * so in its last minute asking again gains nothing: such a token is used for half of what is
 * left instead, and a 602 after that costs one more identity request.
 */
function renewAt(receivedAt: number, expiresInS: number): number {
  const lifeMs = expiresInS * 1000;
  return (
    receivedAt + (lifeMs > 2 * TOKEN_RENEW_MARGIN_MS ? lifeMs - TOKEN_RENEW_MARGIN_MS : lifeMs / 2)
  );
}

export interface TokenRequestOptions {
  fetch: MarketoFetch;
  timeoutMs: number;
  now?: () => number;
  signal?: AbortSignal;
  /** Reports the identity request's outcome (for call counts). */
  onAnswer?: (outcome: 'ok' | 'auth' | 'unreachable', code: string | null) => void;
}

/**
 * One identity request: `GET {identity}/oauth/token?grant_type=client_credentials&client_id=
 * &client_secret=` (SW-I; the form real clients send). 401 or an OAuth `error` answer is an
 * auth failure; no answer within `timeoutMs`, a refused connection, a 5xx or an answer that is
 * no token is unreachable.
 */
export async function requestToken(
  credentials: MarketoCredentials,
  options: TokenRequestOptions,
): Promise<{ token: string; expiresInS: number }> {
  const endpoint = credentials.identityEndpoint.replace(/\/+$/, '');
  const query = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
  });
  const answer = await exchange(options.fetch, {
    method: 'GET',
    url: `${endpoint}/oauth/token?${query.toString()}`,
    headers: { accept: 'application/json' },
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  const unreachable = (code: string, message: string): never => {
    options.onAnswer?.('unreachable', code);
    throw new MarketoUnreachableError(`Marketo identity: ${message}`, code, 'identity');
  };
  if (answer.kind === 'timeout') {
    return unreachable('TIMEOUT', `no answer within ${options.timeoutMs / 1000} s`);
  }
  if (answer.kind === 'network')
    return unreachable(answer.code, `connection failed (${answer.code})`);
  if (answer.kind === 'too-large') return unreachable('TOO_LARGE', 'answer too large');
  if (answer.kind === 'aborted') return unreachable('ABORTED', 'request aborted');
  let body: Record<string, unknown> | null = null;
  try {
    const parsed = JSON.parse(answer.text) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      body = parsed as Record<string, unknown>;
    }
  } catch {}
  if (answer.status === 401 || (body && typeof body.error === 'string')) {
    const error = body && typeof body.error === 'string' ? body.error : 'unauthorized';
    const description =
      body && typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
    options.onAnswer?.('auth', `HTTP ${answer.status}`);
    throw new MarketoAuthError(
      `Marketo identity refused the credentials (${redact(`${error}${description}`, [credentials.clientSecret])})`,
      error,
      'identity',
    );
  }
  if (answer.status !== 200) {
    return unreachable(`HTTP ${answer.status}`, `answered HTTP ${answer.status}`);
  }
  const token = body?.access_token;
  const expiresIn = body?.expires_in;
  if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number') {
    return unreachable('NOT_A_TOKEN', 'answered something other than a token');
  }
  options.onAnswer?.('ok', null);
  return { token, expiresInS: expiresIn };
}

/** The process-wide tokens of one custom service. */
export class TokenSource {
  private readonly key: string;
  private readonly now: () => number;

  constructor(
    private readonly credentials: MarketoCredentials,
    private readonly options: TokenRequestOptions,
  ) {
    this.key = cacheKey(credentials);
    this.now = options.now ?? Date.now;
  }

  private entry(): CacheEntry {
    let entry = cache.get(this.key);
    if (!entry) {
      entry = { token: null, renewAt: 0, pending: null };
      cache.set(this.key, entry);
    }
    return entry;
  }

  /** A token usable now: the cached one, or the one a single identity request brings. */
  async get(): Promise<string> {
    const entry = this.entry();
    if (entry.token && this.now() < entry.renewAt) return entry.token;
    return this.refresh(entry);
  }

  /**
   * A token other than `rejected`, which Marketo answered 601/602 to: the cached one when
   * another caller already replaced it, otherwise a new one from identity (shared).
   */
  async replace(rejected: string): Promise<string> {
    const entry = this.entry();
    if (entry.token && entry.token !== rejected && this.now() < entry.renewAt) return entry.token;
    if (entry.token === rejected) {
      entry.token = null;
      entry.renewAt = 0;
    }
    return this.refresh(entry);
  }

  private refresh(entry: CacheEntry): Promise<string> {
    if (entry.pending) return entry.pending;
    const receivedAtStart = this.now();
    const pending = requestToken(this.credentials, this.options)
      .then(({ token, expiresInS }) => {
        entry.token = token;
        entry.renewAt = renewAt(receivedAtStart, expiresInS);
        return token;
      })
      .finally(() => {
        entry.pending = null;
      });
    entry.pending = pending;
    return pending;
  }
}
