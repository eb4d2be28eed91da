import type { DocumentNode, GraphQLSchema } from 'graphql';

/**
 * `compute` memoised per schema, parsed document and operation name. yoga hands out the same
 * parsed document for the same query text, so what depends on nothing else (a compiled
 * query, a constant cost, the scopes a query can ask for) is worked out once per query; weak
 * maps let a schema or document that is no longer used go.
 */
export function perOperation<T>(
  compute: (schema: GraphQLSchema, document: DocumentNode, operationName?: string | null) => T,
): (schema: GraphQLSchema, document: DocumentNode, operationName?: string | null) => T {
  const cache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, T>>>();
  return (schema, document, operationName) => {
    let bySchema = cache.get(schema);
    if (!bySchema) {
      bySchema = new WeakMap();
      cache.set(schema, bySchema);
    }
    let byOperation = bySchema.get(document);
    if (!byOperation) {
      byOperation = new Map();
      bySchema.set(document, byOperation);
    }
    const key = operationName ?? '';
    if (byOperation.has(key)) return byOperation.get(key) as T;
    const value = compute(schema, document, operationName);
    byOperation.set(key, value);
    return value;
  };
}
