/**
 * The one registry of error codes a client may see, with the HTTP status each maps to: the
 * domain codes here, the transport codes in TRANSPORT_ERROR_STATUS below. Domain errors know
 * nothing of GraphQL or HTTP: the GraphQL layer turns them into typed mutation results or
 * `extensions.code` (src/schema/errors.ts), the HTTP edge into the status of their code and
 * `{ code, message }` (src/http/errors.ts). These codes, and only these, are GraphQL's
 * `ErrorCode` enum.
 */
export const ERROR_STATUS = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  HIPAA_RESTRICTED: 403,
  INTEGRATION_NOT_CONFIGURED: 409,
  COOKIE_SYNC_DISABLED: 403,
  IMS_ORG_MISMATCH: 409,
  ALREADY_SYNCING: 409,
  LIST_ALREADY_SYNCED: 409,
  NAME_TAKEN: 409,
  /** The workspace has no Marketo connection (never connected, or disconnected). */
  MARKETO_NOT_CONNECTED: 409,
  /** Marketo's identity service refused the credentials. */
  MARKETO_AUTH_FAILED: 422,
  /** Marketo did not answer in time (or its address is refused by the outbound rules). */
  MARKETO_UNREACHABLE: 502,
  /** No Marketo static list has the id given. */
  MARKETO_LIST_NOT_FOUND: 404,
  /** The list, or the Marketo list, is already mirrored in this workspace. */
  ALREADY_MIRRORED: 409,
  // Limits of live subscriptions (src/realtime): reported as the error of an operation or a
  // close reason, never as a mutation result.
  TOO_MANY_CONNECTIONS: 429,
  TOO_MANY_SUBSCRIPTIONS: 429,
  SLOW_CONSUMER: 429,
} as const;

/** Every code a client may see in `Error.code` (CONTRACT.md `ErrorCode`, plus the limits). */
export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/**
 * Codes of the transport, never a domain error, hence not in GraphQL's `ErrorCode` (no field
 * or mutation result can carry them): the `code` of the HTTP routes' `{ code, message }`
 * (`/munchkin`, `/t/`, `/ingest`, `/export`) and, for UNAUTHENTICATED and SERVICE_UNAVAILABLE,
 * the `extensions.code` of a GraphQL request refused as a whole. Where each is produced:
 */
export const TRANSPORT_ERROR_STATUS = {
  /** /ingest: a body or parameter it cannot read (not gzip or JSON, a bad mode or source). */
  BAD_REQUEST: 400,
  /** GraphQL, /ingest, /export: no valid bearer token. */
  UNAUTHENTICATED: 401,
  /** /munchkin, /t/, /ingest, /export: a method the path does not take. */
  METHOD_NOT_ALLOWED: 405,
  /** /ingest and the beacons: a body that did not arrive in time. */
  REQUEST_TIMEOUT: 408,
  /** /ingest: the totals of an AAM control file disagree with its files. */
  CONTROL_FILE_MISMATCH: 409,
  /** /ingest: the workspace holds as many unfinished AAM full sets (or bytes of them) as it may. */
  HELD_SETS_FULL: 409,
  /** The beacons (a body over 8 KiB) and /ingest (an item or control file over its limit). */
  PAYLOAD_TOO_LARGE: 413,
  /** /ingest and the beacons: a content type or encoding they do not read. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** The beacons: past MUNCHKIN_RATE_LIMIT calls a minute. */
  RATE_LIMITED: 429,
  /** GraphQL, /munchkin, /t/, /ingest, /export: the database does not answer. */
  SERVICE_UNAVAILABLE: 503,
  /** /ingest: the process is shutting down. */
  SHUTTING_DOWN: 503,
  /** Any route: an unexpected failure (logged; the answer tells nothing of its cause). */
  INTERNAL_ERROR: 500,
} as const;

/** A code of the HTTP routes' `{ code, message }`: a domain code or a transport code. */
export type HttpErrorCode = ErrorCode | keyof typeof TRANSPORT_ERROR_STATUS;

export interface FieldError {
  path: string[];
  message: string;
}

/**
 * An expected failure that the user can act on. Mutations return it as a typed union member;
 * thrown from a query it reaches the client unmasked, with its code (src/http/server.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
}

/** A limit of live subscriptions was reached (TOO_MANY_CONNECTIONS, ...). */
export class LimitError extends DomainError {
  constructor(
    readonly code: 'TOO_MANY_CONNECTIONS' | 'TOO_MANY_SUBSCRIPTIONS' | 'SLOW_CONSUMER',
    message: string,
  ) {
    super(message);
    this.name = 'LimitError';
  }
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION' as const;
  constructor(
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
  /** One field's problem, as the error that rejects the whole input. */
  static field(path: string[], message: string): ValidationError {
    return new ValidationError(message, [{ path, message }]);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
  constructor(message = 'Your token lacks the scope this operation needs') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export class HipaaRestrictedError extends DomainError {
  readonly code = 'HIPAA_RESTRICTED' as const;
  constructor() {
    super('A HIPAA-ready workspace cannot use the Experience Cloud integration');
    this.name = 'HipaaRestrictedError';
  }
}

export class IntegrationNotConfiguredError extends DomainError {
  readonly code = 'INTEGRATION_NOT_CONFIGURED' as const;
  constructor() {
    super('Configure the Experience Cloud integration first');
    this.name = 'IntegrationNotConfiguredError';
  }
}

export class CookieSyncDisabledError extends DomainError {
  readonly code = 'COOKIE_SYNC_DISABLED' as const;
  constructor() {
    super('Cookie sync is turned off for this workspace');
    this.name = 'CookieSyncDisabledError';
  }
}

export class ImsOrgMismatchError extends DomainError {
  readonly code = 'IMS_ORG_MISMATCH' as const;
  constructor() {
    super('The IMS organization does not match the one this workspace is configured with');
    this.name = 'ImsOrgMismatchError';
  }
}

export class AlreadySyncingError extends DomainError {
  readonly code = 'ALREADY_SYNCING' as const;
  constructor() {
    super('This audience is already syncing into this list');
    this.name = 'AlreadySyncingError';
  }
}

export class ListAlreadySyncedError extends DomainError {
  readonly code = 'LIST_ALREADY_SYNCED' as const;
  constructor() {
    super('This list is already fed by another sync');
    this.name = 'ListAlreadySyncedError';
  }
}

export class NameTakenError extends DomainError {
  readonly code = 'NAME_TAKEN' as const;
  constructor(what: string, name: string) {
    super(`${what} "${name}" already exists`);
    this.name = 'NameTakenError';
  }
}

export class MarketoNotConnectedError extends DomainError {
  readonly code = 'MARKETO_NOT_CONNECTED' as const;
  constructor() {
    super('Connect Marketo first (connectMarketo)');
    this.name = 'MarketoNotConnectedError';
  }
}

export class MarketoAuthFailedError extends DomainError {
  readonly code = 'MARKETO_AUTH_FAILED' as const;
  constructor(message = "Marketo's identity service refused the client id and secret") {
    super(message);
    this.name = 'MarketoAuthFailedError';
  }
}

export class MarketoUnreachableError extends DomainError {
  readonly code = 'MARKETO_UNREACHABLE' as const;
  constructor(message = 'Marketo did not answer within 10 s') {
    super(message);
    this.name = 'MarketoUnreachableError';
  }
}

export class MarketoListNotFoundError extends DomainError {
  readonly code = 'MARKETO_LIST_NOT_FOUND' as const;
  constructor(id: number) {
    super(`No Marketo static list has id ${id}`);
    this.name = 'MarketoListNotFoundError';
  }
}

export class AlreadyMirroredError extends DomainError {
  readonly code = 'ALREADY_MIRRORED' as const;
  constructor(what: 'list' | 'marketoList') {
    super(
      what === 'list'
        ? 'This list is already mirrored into Marketo'
        : 'That Marketo list is already the mirror of another list of this workspace',
    );
    this.name = 'AlreadyMirroredError';
  }
}
