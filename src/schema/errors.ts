import { type ExecutionResult, GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import {
  AlreadySyncingError,
  CookieSyncDisabledError,
  DomainError,
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
  // No originalError: the result is final, so error masking passes it through as it is.
  return new GraphQLError(error.message, {
    nodes: at.nodes,
    path: at.path,
    extensions: { code: error.code },
  });
}

function mapDomainErrors(result: ExecutionResult): ExecutionResult | null {
  if (!result.errors?.some((error) => error.originalError instanceof DomainError)) return null;
  return {
    ...result,
    errors: result.errors.map((error) =>
      error.originalError instanceof DomainError
        ? toGraphQLError(error.originalError, error)
        : error,
    ),
  };
}

/**
 * Turns domain errors thrown by resolvers (outside a mutation's result union) into their
 * client-facing form before error masking sees them, for single results and every event of
 * a subscription alike: they are expected, so they are neither masked nor logged as failures.
 */
export function useDomainErrors(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
          const mapped = mapDomainErrors(result);
          if (mapped) setResult(mapped);
        }),
    }),
    onSubscribe: () => ({
      onSubscribeResult: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
          const mapped = mapDomainErrors(result);
          if (mapped) setResult(mapped);
        }),
    }),
  };
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
