import { GraphQLError } from 'graphql';
import {
  AlreadySyncingError,
  CookieSyncDisabledError,
  type DomainError,
  ERROR_CODES,
  ForbiddenError,
  HipaaRestrictedError,
  ImsOrgMismatchError,
  IntegrationNotConfiguredError,
  ListAlreadySyncedError,
  NameTakenError,
  NotFoundError,
  ValidationError,
} from '../services/errors.js';
import { builder } from './builder.js';

/**
 * The one mapping of a domain error thrown outside a mutation's result union (a query, a
 * subscription, a limit) to what GraphQL clients see: its message and `extensions.code`.
 */
export function toGraphQLError(
  error: DomainError,
  at: Pick<GraphQLError, 'nodes' | 'path'> = { nodes: undefined, path: undefined },
): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: at.nodes,
    path: at.path,
    originalError: error,
    extensions: { code: error.code },
  });
}

export const ErrorCodeEnum = builder.enumType('ErrorCode', { values: ERROR_CODES });

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
    message: t.exposeString('message'),
  }),
});

export const FieldErrorRef = builder
  .objectRef<{ path: string[]; message: string }>('FieldError')
  .implement({
    fields: (t) => ({
      path: t.exposeStringList('path'),
      message: t.exposeString('message'),
    }),
  });

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldErrorRef], resolve: (error) => error.fieldErrors }),
  }),
});

const simpleErrors = [
  [NotFoundError, 'NotFoundError'],
  [ForbiddenError, 'ForbiddenError'],
  [HipaaRestrictedError, 'HipaaRestrictedError'],
  [IntegrationNotConfiguredError, 'IntegrationNotConfiguredError'],
  [CookieSyncDisabledError, 'CookieSyncDisabledError'],
  [ImsOrgMismatchError, 'ImsOrgMismatchError'],
  [AlreadySyncingError, 'AlreadySyncingError'],
  [ListAlreadySyncedError, 'ListAlreadySyncedError'],
  [NameTakenError, 'NameTakenError'],
] as const;

for (const [errorClass, name] of simpleErrors) {
  builder.objectType(errorClass as typeof NotFoundError, {
    name,
    interfaces: [ErrorInterface],
    isTypeOf: (value) => value instanceof errorClass,
    fields: () => ({}),
  });
}

/** The errors every mutation may return, before its own specific ones. */
export const COMMON_MUTATION_ERRORS = [ValidationError, ForbiddenError, NotFoundError];
