import SchemaBuilder, { PothosValidationError } from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { ForbiddenError } from '../domain/errors.js';
import { decodeGlobalID, encodeGlobalID, InvalidGlobalIdError } from '../domain/global-ids.js';
import type { Context } from '../http/context.js';
import { TOTAL_COUNT_DESCRIPTION, totalCountOf } from './pagination.js';

/** `addListMembers` -> `AddListMembers`: field names to the type names made from them. */
export const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * Schema configuration: plugins, context, auth scopes and the relay defaults; below it, the
 * DateTime scalar, the root types and every connection's totalCount.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { read: boolean; write: boolean; admin: boolean };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    ID: { Input: string; Output: string | number | bigint };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // Errors first, so that it wraps scope-auth and a missing scope becomes a typed FORBIDDEN.
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      read: ctx.caller.scopes.has('read'),
      write: ctx.caller.scopes.has('write'),
      admin: ctx.caller.scopes.has('admin'),
    }),
    unauthorizedError: () => new ForbiddenError(),
    // Subscriptions check scopes once, when they start, not on every event.
    authorizeOnSubscribe: true,
  },
  relay: {
    // One format of global ids, the domain's, for Node.id, node(id) and nodes(ids) too. A
    // malformed id stays the GraphQL error the relay plugin raises, with its message.
    encodeGlobalID: (typename, id) => encodeGlobalID(typename, id),
    decodeGlobalID: (globalId) => {
      try {
        return decodeGlobalID(globalId);
      } catch (error) {
        if (error instanceof InvalidGlobalIdError) throw new PothosValidationError(error.message);
        throw error;
      }
    },
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false, description: 'The items of this page, in order.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: {
      description:
        'Where this item stands: pass it as `after` to get the items after it, or as `before` for the items before it.',
    },
    pageInfoFieldOptions: { description: 'Where this page stands in the whole list.' },
    pageInfoTypeOptions: {
      description:
        'Where a page stands in the whole list, for paging forward (`first`, `after`) and backward (`last`, `before`).',
    },
    // hasNextPage and hasPreviousPage may answer a Promise (src/schema/pagination.ts pageOf
    // reads what lies beyond a cursor only when asked). Unmarking them as exposed fields keeps
    // their own resolver instead of graphql's default, which compiled queries read inline
    // without awaiting.
    hasNextPageFieldOptions: {
      description: 'Whether items follow this page.',
      extensions: { pothosExposedField: null },
    },
    hasPreviousPageFieldOptions: {
      description: 'Whether items precede this page.',
      extensions: { pothosExposedField: null },
    },
    startCursorFieldOptions: {
      description: 'The cursor of the first item of this page: `before` for the previous page.',
    },
    endCursorFieldOptions: {
      description: 'The cursor of the last item of this page: `after` for the next page.',
    },
    defaultEdgeTypeOptions: { description: 'An item of a page, with its cursor.' },
    // Every field of a Node type reads data, so it needs `read` wherever the object appears,
    // mutation payloads included: a write-only token must not read a list's members through
    // removeListMembers. `id` stays open, so such a token still learns what it created or
    // changed. Objects that are not nodes declare `authScopes` themselves.
    nodeTypeOptions: {
      authScopes: { read: true },
      description: 'An object with a global id, which `node(id)` finds again.',
    },
    idFieldOptions: {
      skipInterfaceScopes: true,
      description: 'The global id of this object (opaque; the same in every request).',
    },
    nodeQueryOptions: {
      authScopes: { read: true },
      description: 'The object with this global id, or null when none is visible.',
      args: { id: { description: 'The global id of the object.' } },
    },
    nodesQueryOptions: {
      authScopes: { read: true },
      description: 'The objects with these global ids, in order; null for each one not visible.',
      args: { ids: { description: 'The global ids of the objects.' } },
    },
    defaultConnectionTypeOptions: {
      description: 'One page of a list: its items with their cursors, and the total.',
    },
  },
  errors: {
    // Every mutation can fail validation or a missing scope.
    defaultTypes: [],
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${capitalize(fieldName)}Result`,
      description:
        'What the mutation answers: its success type, or one of the typed errors it can fail with (each implements Error); a failed mutation changes nothing.',
    },
    defaultResultOptions: {
      name: ({ fieldName }) => `${capitalize(fieldName)}Success`,
      description: 'What the mutation answers when it succeeds.',
    },
  },
});

// Every connection has totalCount (its resolvers answer a Page, whose total is a number or a
// lazy counter); a connection that words or prices its total otherwise declares its own field.
builder.globalConnectionField('totalCount', (t) =>
  t.int({ description: TOTAL_COUNT_DESCRIPTION, resolve: totalCountOf }),
);

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time string.',
  serialize: (value) =>
    value instanceof Date ? value.toISOString() : new Date(value).toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO-8601 string');
    return date;
  },
});

builder.queryType({ description: "Reads of the caller's workspace (read scope)." });
builder.mutationType({
  description:
    "Changes to the caller's workspace (write scope; admin for integration settings, publishable keys, webhooks and API tokens). Each answers its success type or a typed error.",
});
builder.subscriptionType({
  description: "Live events of the caller's workspace (read scope), over graphql-ws or SSE.",
});
