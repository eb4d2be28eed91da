import { GraphQLError, type validate } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Removes suggestions from the errors of a request that did not execute (no `path`): those
 * come from variable coercion, which @graphql-tools/executor 2.1 runs through graphql 16's
 * coerceInputValue without passing hideSuggestions on. Errors of resolvers (with a path) are
 * left as they are.
 */
function scrub(result: unknown) {
  if (!result || typeof result !== 'object' || Symbol.asyncIterator in result) return;
  for (const error of (result as { errors?: readonly unknown[] }).errors ?? []) {
    if (error instanceof GraphQLError && !error.path) {
      error.message = error.message.replace(SUGGESTION, '');
    }
  }
}

/**
 * Hides graphql's "Did you mean ...?" hints, which would tell a caller the names of enum
 * values, fields and types it did not ask for. graphql-armor's blockFieldSuggestion masks
 * field suggestions in validation only; enum values are suggested by ValuesOfCorrectTypeRule
 * during validation and by variable coercion before execution, so this turns on graphql's
 * own `hideSuggestions` option for both, and scrubs what the executor still lets through.
 */
export function useHideSuggestions(): Plugin {
  return {
    onValidate({ validateFn, setValidationFn }) {
      // Envelop calls the validate function with (schema, document, rules, typeInfo, options);
      // graphql's own order is (schema, document, rules, options, typeInfo).
      const original = validateFn as typeof validate;
      setValidationFn(((schema, document, rules) =>
        original(schema, document, rules, { hideSuggestions: true })) as typeof validate);
    },
    // yoga's executor (@graphql-tools/executor) takes graphql's ExecutionArgs, which envelop's
    // own type for them does not list hideSuggestions in.
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => executeFn(Object.assign({}, args, { hideSuggestions: true })));
      return { onExecuteDone: ({ result }) => scrub(result) };
    },
    onSubscribe({ subscribeFn, setSubscribeFn }) {
      setSubscribeFn((args) => subscribeFn(Object.assign({}, args, { hideSuggestions: true })));
      return { onSubscribeResult: ({ result }) => scrub(result) };
    },
  };
}
