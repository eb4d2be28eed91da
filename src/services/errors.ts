/**
 * The one registry of error codes a client may see, with the HTTP status each maps to. Domain
 * errors know nothing of GraphQL or HTTP: the GraphQL layer turns them into typed mutation
 * results or `extensions.code` (src/schema/errors.ts), the HTTP routes into a status and
 * `{ code, message }` (httpStatusOf), each in one place.
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
  // Limits of live subscriptions (src/realtime): reported as the error of an operation or a
  // close reason, never as a mutation result.
  TOO_MANY_CONNECTIONS: 429,
  TOO_MANY_SUBSCRIPTIONS: 429,
  SLOW_CONSUMER: 429,
} as const;

/** Every code a client may see in `Error.code` (CONTRACT.md `ErrorCode`, plus the limits). */
export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export interface FieldError {
  path: string[];
  message: string;
}

/**
 * An expected failure that the user can act on. Mutations return it as a typed union member;
 * thrown from a query it reaches the client unmasked, with its code (src/server.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** The HTTP status of this error on the HTTP routes. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }
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
