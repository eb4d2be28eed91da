/**
 * What a Marketo call can end in besides its result. Every class carries a message built here
 * from codes and counts, never from a URL (the identity URL holds the client secret) nor from
 * a header (the access token); text Marketo sent back is passed through `redact` first.
 */

/** The endpoints of the client, as counted by `onCall` and named in errors. */
export type MarketoEndpoint =
  | 'identity'
  | 'findLeadsByEmail'
  | 'syncLeads'
  | 'addToList'
  | 'removeFromList'
  | 'listMembers'
  | 'staticListById'
  | 'staticListByName'
  | 'createStaticList';

export class MarketoError extends Error {
  constructor(
    message: string,
    /** Marketo's code (`"606"`), `HTTP 503`, or a name of this client's own (`TIMEOUT`). */
    readonly code: string | null,
    readonly endpoint: MarketoEndpoint | null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The credentials were refused: identity answered 401 or an OAuth `error`, a REST call answered
 * 601/602 again with a token fresh from identity, or 603 (access denied: the API user lacks a
 * permission, or the caller's address is not on the subscription's allowlist).
 */
export class MarketoAuthError extends MarketoError {}

/**
 * No usable answer in time: nothing within the timeout, the connection refused or reset, or
 * (after the bounded retries of transient answers) HTTP 5xx and 604/608/611/713 still.
 */
export class MarketoUnreachableError extends MarketoError {}

/**
 * No call may be made before the next Marketo day (midnight America/Chicago): Marketo answered
 * 607 (the subscription's daily quota), or this service's `dailyCallBudget` is spent (then no
 * call was sent). The caller leaves its work PARTIAL until `resetsAt` or a manual retry.
 */
export class MarketoQuotaExhaustedError extends MarketoError {
  constructor(
    readonly reason: 'MARKETO_QUOTA' | 'DAILY_BUDGET',
    readonly resetsAt: Date,
    endpoint: MarketoEndpoint | null,
  ) {
    super(
      reason === 'MARKETO_QUOTA'
        ? `Marketo's daily API quota is used up (607) until ${resetsAt.toISOString()}`
        : `the daily call budget is spent until ${resetsAt.toISOString()}`,
      reason === 'MARKETO_QUOTA' ? '607' : 'DAILY_BUDGET',
      endpoint,
    );
  }
}

/** Marketo kept answering 606 or 615 after every wait this client allows. */
export class MarketoRateLimitedError extends MarketoError {}

/** Marketo refused the request itself (609, 610, 612, 701, 709-711, 1003, HTTP 413, ...). */
export class MarketoRequestError extends MarketoError {}

/** The static list named does not exist (1013 on a membership call). */
export class MarketoListNotFoundError extends MarketoError {}

/** Refused before anything was sent: more than 300 records, a URL over 8 KB, a bad id. */
export class MarketoValidationError extends MarketoError {
  constructor(message: string, endpoint: MarketoEndpoint | null) {
    super(message, 'VALIDATION', endpoint);
  }
}

/**
 * Replaces every occurrence of the given secrets (the client secret, access tokens) in `text`
 * with `[redacted]`, and bounds its length: for text a remote server sent back, which may echo
 * what it received.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out.length > 300 ? `${out.slice(0, 300)}...` : out;
}
