import { GraphQLError } from 'graphql';

/** Every code a client may see in `Error.code` (CONTRACT.md `ErrorCode`). */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'FORBIDDEN',
  'HIPAA_RESTRICTED',
  'INTEGRATION_NOT_CONFIGURED',
  'COOKIE_SYNC_DISABLED',
  'IMS_ORG_MISMATCH',
  'ALREADY_SYNCING',
  'LIST_ALREADY_SYNCED',
  'NAME_TAKEN',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  path: string[];
  message: string;
}

/**
 * An expected failure that the user can act on. Mutations return it as a typed union member;
 * thrown from a query it reaches the client unmasked (it is a GraphQLError) with its code.
 */
export abstract class DomainError extends GraphQLError {
  abstract readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode) {
    super(message, { extensions: { code } });
  }
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION' as const;
  constructor(
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message, 'VALIDATION');
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
    super(`${what} not found`, 'NOT_FOUND');
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
  constructor(message = 'Your token lacks the scope this operation needs') {
    super(message, 'FORBIDDEN');
    this.name = 'ForbiddenError';
  }
}

export class HipaaRestrictedError extends DomainError {
  readonly code = 'HIPAA_RESTRICTED' as const;
  constructor() {
    super(
      'A HIPAA-ready workspace cannot use the Experience Cloud integration',
      'HIPAA_RESTRICTED',
    );
    this.name = 'HipaaRestrictedError';
  }
}

export class IntegrationNotConfiguredError extends DomainError {
  readonly code = 'INTEGRATION_NOT_CONFIGURED' as const;
  constructor() {
    super('Configure the Experience Cloud integration first', 'INTEGRATION_NOT_CONFIGURED');
    this.name = 'IntegrationNotConfiguredError';
  }
}

export class CookieSyncDisabledError extends DomainError {
  readonly code = 'COOKIE_SYNC_DISABLED' as const;
  constructor() {
    super('Cookie sync is turned off for this workspace', 'COOKIE_SYNC_DISABLED');
    this.name = 'CookieSyncDisabledError';
  }
}

export class ImsOrgMismatchError extends DomainError {
  readonly code = 'IMS_ORG_MISMATCH' as const;
  constructor() {
    super(
      'The IMS organization does not match the one this workspace is configured with',
      'IMS_ORG_MISMATCH',
    );
    this.name = 'ImsOrgMismatchError';
  }
}

export class AlreadySyncingError extends DomainError {
  readonly code = 'ALREADY_SYNCING' as const;
  constructor() {
    super('This audience is already syncing into this list', 'ALREADY_SYNCING');
    this.name = 'AlreadySyncingError';
  }
}

export class ListAlreadySyncedError extends DomainError {
  readonly code = 'LIST_ALREADY_SYNCED' as const;
  constructor() {
    super('This list is already fed by another sync', 'LIST_ALREADY_SYNCED');
    this.name = 'ListAlreadySyncedError';
  }
}

export class NameTakenError extends DomainError {
  readonly code = 'NAME_TAKEN' as const;
  constructor(what: string, name: string) {
    super(`${what} "${name}" already exists`, 'NAME_TAKEN');
    this.name = 'NameTakenError';
  }
}
