import { type ExecutionResult, GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import {
  AlreadyMirroredError,
  AlreadySyncingError,
  CookieSyncDisabledError,
  DomainError,
  ERROR_CODES,
  type ErrorCode,
  ForbiddenError,
  HipaaRestrictedError,
  ImsOrgMismatchError,
  IntegrationNotConfiguredError,
  ListAlreadySyncedError,
  MarketoAuthFailedError,
  MarketoListNotFoundError,
  MarketoNotConnectedError,
  MarketoUnreachableError,
  NameTakenError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.js';
import { builder } from './builder.js';
import { LIST_BOUNDS, listOf } from './cost.js';

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

/** What each code means to a client (a code without its description fails to compile). */
const ERROR_CODE_DESCRIPTIONS: Record<ErrorCode, string> = {
  VALIDATION: 'The input is not valid; `fieldErrors` names each field and why.',
  NOT_FOUND: 'Nothing with this id exists in your workspace.',
  FORBIDDEN: 'The token lacks the scope this needs (read, write or admin).',
  HIPAA_RESTRICTED: 'The workspace is HIPAA-ready: it cannot use the Experience Cloud integration.',
  INTEGRATION_NOT_CONFIGURED: 'The Experience Cloud integration is not configured yet.',
  COOKIE_SYNC_DISABLED: 'The Experience Cloud integration has cookie sync turned off.',
  IMS_ORG_MISMATCH: "The IMS organization is not the one the workspace's integration maps.",
  ALREADY_SYNCING: 'The audience already syncs into this list.',
  LIST_ALREADY_SYNCED: 'The list is already the target of another sync job.',
  NAME_TAKEN: 'Something of the same kind in the workspace already has this name.',
  MARKETO_NOT_CONNECTED: 'The workspace has no Marketo connection: connectMarketo first.',
  MARKETO_AUTH_FAILED:
    "Marketo's identity service refused the client id and secret; nothing was stored.",
  MARKETO_UNREACHABLE:
    'Marketo did not answer within 10 s, or its address is refused by the outbound rules; nothing was stored.',
  MARKETO_LIST_NOT_FOUND: 'No Marketo static list has this id.',
  ALREADY_MIRRORED:
    'The list, or that Marketo list, is already mirrored in this workspace; nothing was created in Marketo.',
  TOO_MANY_CONNECTIONS:
    'The token has the most live connections (WebSockets and SSE streams) a process allows.',
  TOO_MANY_SUBSCRIPTIONS: 'The WebSocket carries the most operations it may carry at once.',
  SLOW_CONSUMER:
    'The subscriber did not keep up with its events; it may resubscribe from its last sequence.',
};

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Why an operation failed; stable, for programs to branch on.',
  values: Object.fromEntries(
    ERROR_CODES.map((code) => [code, { description: ERROR_CODE_DESCRIPTIONS[code] }]),
  ) as Record<ErrorCode, { description: string }>,
});

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description:
    'A failure the caller can act on: every mutation answers one of these instead of its success.',
  fields: (t) => ({
    code: t.expose('code', {
      type: ErrorCodeEnum,
      description: 'Why it failed.',
    }),
    message: t.exposeString('message', { description: 'What failed, for a person to read.' }),
  }),
});

export const FieldErrorRef = builder
  .objectRef<{ path: string[]; message: string }>('FieldError')
  .implement({
    description: 'One invalid field of an input.',
    fields: (t) => ({
      path: t.exposeStringList('path', {
        description: 'Where the field is, from the argument down (`["input", "name"]`).',
      }),
      message: t.exposeString('message', { description: 'What is wrong with its value.' }),
    }),
  });

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: ERROR_CODE_DESCRIPTIONS.VALIDATION,
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    fieldErrors: t.expose('fieldErrors', {
      type: [FieldErrorRef],
      description: 'Each invalid field and why.',
      extensions: listOf(LIST_BOUNDS.fieldErrors),
    }),
  }),
});

const simpleErrors = [
  [NotFoundError, 'NotFoundError', 'NOT_FOUND'],
  [ForbiddenError, 'ForbiddenError', 'FORBIDDEN'],
  [HipaaRestrictedError, 'HipaaRestrictedError', 'HIPAA_RESTRICTED'],
  [IntegrationNotConfiguredError, 'IntegrationNotConfiguredError', 'INTEGRATION_NOT_CONFIGURED'],
  [CookieSyncDisabledError, 'CookieSyncDisabledError', 'COOKIE_SYNC_DISABLED'],
  [ImsOrgMismatchError, 'ImsOrgMismatchError', 'IMS_ORG_MISMATCH'],
  [AlreadySyncingError, 'AlreadySyncingError', 'ALREADY_SYNCING'],
  [ListAlreadySyncedError, 'ListAlreadySyncedError', 'LIST_ALREADY_SYNCED'],
  [NameTakenError, 'NameTakenError', 'NAME_TAKEN'],
  [MarketoNotConnectedError, 'MarketoNotConnectedError', 'MARKETO_NOT_CONNECTED'],
  [MarketoAuthFailedError, 'MarketoAuthFailedError', 'MARKETO_AUTH_FAILED'],
  [MarketoUnreachableError, 'MarketoUnreachableError', 'MARKETO_UNREACHABLE'],
  [MarketoListNotFoundError, 'MarketoListNotFoundError', 'MARKETO_LIST_NOT_FOUND'],
  [AlreadyMirroredError, 'AlreadyMirroredError', 'ALREADY_MIRRORED'],
] as const;

for (const [errorClass, name, code] of simpleErrors) {
  builder.objectType(errorClass as typeof NotFoundError, {
    name,
    description: ERROR_CODE_DESCRIPTIONS[code],
    interfaces: [ErrorInterface],
    isTypeOf: (value) => value instanceof errorClass,
    fields: () => ({}),
  });
}

/** The errors every mutation may return, before its own specific ones. */
export const COMMON_MUTATION_ERRORS = [ValidationError, ForbiddenError, NotFoundError];
