import { useGraphQlJit } from '@envelop/graphql-jit';
import { type DocumentNode, type GraphQLSchema, getOperationAST, getVariableValues } from 'graphql';
import type { Plugin } from 'graphql-yoga';

interface ExecuteArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
}

/**
 * Whether a request's variables coerce without error. graphql-jit coerces variables its own
 * way and its errors read differently (and reach clients masked), so an operation whose
 * variables are refused goes to the standard executor, which answers as before.
 */
function variablesCoerce(args: ExecuteArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== 'query') return false;
  const definitions = operation.variableDefinitions ?? [];
  if (definitions.length === 0) return true;
  const coerced = getVariableValues(args.schema, definitions, args.variableValues ?? {}, {
    maxErrors: 1,
  });
  return coerced.errors === undefined;
}

/**
 * Executes queries with graphql-jit: each document is compiled once into a function (cached
 * by the parsed document, which yoga's parser cache hands out again for the same text), so a
 * page of 50 objects with nested objects no longer goes field by field through the
 * interpreting executor. Mutations and subscriptions keep the standard executor: they are
 * not hot, and the subscription fan-out (src/realtime) executes through it.
 *
 * Placed before useHideSuggestions in the plugin list, which wraps whichever executor is set.
 */
export function useCompiledQueries(): Plugin {
  const plugin = useGraphQlJit({}, { enableIf: (args) => variablesCoerce(args as ExecuteArgs) });
  // An envelop plugin of any context; yoga's Plugin type asks for yoga's own context type.
  return plugin as Plugin;
}
