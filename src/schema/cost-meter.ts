import {
  defaultFieldResolver,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isObjectType,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { COST, COST_LIMIT_CODE, fieldWeight, MAX_QUERY_COST } from './cost.js';
import { schemaWithoutScopeChecks } from './index.js';

/**
 * The work an operation does, charged as it runs. The cost limit (cost.ts) prices unpaged
 * lists at their declared bounds; a workspace whose data go past one (more folders than
 * LIST_BOUNDS.folders) would have an operation do more than it was priced at. So every
 * expensive field, one weighing more than COST.object (counts, explanations, previews),
 * charges its weight to its operation as it resolves, and once MAX_QUERY_COST is spent it
 * fails with COST_LIMIT_EXCEEDED instead of running. Rows and batched loads are not metered.
 * Within its bounds an operation never reaches this: it was priced at least at what it spends.
 */

/** What each operation has spent: by its context, or by the event of a subscription. */
const spent = new WeakMap<object, number>();

function overspent(): GraphQLError {
  return new GraphQLError(
    `Query cost exceeds the limit of ${MAX_QUERY_COST} as it runs: the data hold more than the bounds it was priced at; ask for less per request`,
    { extensions: { code: COST_LIMIT_CODE, maxCost: MAX_QUERY_COST } },
  );
}

function metered(resolve: GraphQLFieldResolver<unknown, unknown>, weight: number) {
  const wrapped: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
    // Each event of a subscription runs as an execution of its own, with the event as root.
    const root = info.rootValue;
    const key =
      info.operation.operation === 'subscription' && typeof root === 'object' && root !== null
        ? root
        : context;
    if (typeof key === 'object' && key !== null) {
      const total = (spent.get(key) ?? 0) + weight;
      if (total > MAX_QUERY_COST) throw overspent();
      spent.set(key, total);
    }
    return resolve(source, args, context, info);
  };
  return wrapped;
}

const meteredSchemas = new WeakSet<GraphQLSchema>();

/** Wraps the resolver of every expensive field of `schema` (once per schema). */
export function meterExpensiveFields(schema: GraphQLSchema): void {
  if (meteredSchemas.has(schema)) return;
  meteredSchemas.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    // Fields resolve on object types; an interface's fields are only their declarations.
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const weight = fieldWeight(field, type);
      if (weight > COST.object)
        field.resolve = metered(field.resolve ?? defaultFieldResolver, weight);
    }
  }
}

/**
 * Meters the schema as the server sets it up, before any operation is compiled (compiled
 * queries read the resolvers once), and its twin without scope checks, which runs the queries
 * of callers holding every scope (compiled-queries.ts).
 */
export function useCostMeter(): Plugin {
  meterExpensiveFields(schemaWithoutScopeChecks);
  return { onSchemaChange: ({ schema }) => meterExpensiveFields(schema) };
}
