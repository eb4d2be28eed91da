import type { IncomingMessage } from 'node:http';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { noteOperation } from './http.js';
import type { Metrics } from './metrics.js';

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';

/**
 * Counts GraphQL operations by type and outcome, and the subscriptions streaming right now,
 * on every transport (HTTP, SSE and graphql-ws all run through yoga's envelop).
 */
export function useOperationMetrics(metrics: Metrics): Plugin {
  return {
    onExecute({ args }) {
      const type = getOperationAST(args.document, args.operationName)?.operation ?? 'unknown';
      return {
        onExecuteDone({ result }) {
          const failed = !isAsyncIterable(result) && (result.errors?.length ?? 0) > 0;
          metrics.graphqlOperations.inc({ type, outcome: failed ? 'error' : 'ok' });
        },
      };
    },
    onSubscribe() {
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) {
            metrics.graphqlOperations.inc({ type: 'subscription', outcome: 'error' });
            return;
          }
          metrics.graphqlOperations.inc({ type: 'subscription', outcome: 'ok' });
          metrics.activeSubscriptions.inc();
          return { onEnd: () => metrics.activeSubscriptions.dec() };
        },
      };
    },
  };
}

/** The Node request under a yoga context or server context (HTTP only; none on graphql-ws). */
function nodeRequest(context: unknown): IncomingMessage | undefined {
  const req = (context as { req?: unknown } | null | undefined)?.req;
  return req && typeof (req as IncomingMessage).on === 'function'
    ? (req as IncomingMessage)
    : undefined;
}

const hasErrors = (result: unknown): boolean =>
  Array.isArray(result)
    ? result.some(hasErrors)
    : !isAsyncIterable(result) && ((result as { errors?: unknown[] })?.errors?.length ?? 0) > 0;

/**
 * Notes each HTTP GraphQL request's operation for its `request` log line
 * (src/observability/http.ts): the operation name the client sent, else the name of the
 * operation the document holds, and whether the answer had errors (validation, cost, resolver
 * errors, a cached answer's too). A stream's later events do not change the flag.
 */
export function useRequestLogOperation(): Plugin {
  return {
    onParams({ params, context }) {
      const names = (Array.isArray(params) ? params : [params])
        .map((one: { operationName?: string | null }) => one.operationName)
        .filter((name): name is string => Boolean(name));
      if (names.length > 0) noteOperation(nodeRequest(context), { operationName: names.join(',') });
    },
    // Named by its document too, so that one refused by validation or the cost limit is.
    onParse({ context }) {
      return ({ result }) => {
        if (!result || !('kind' in result) || result.kind !== 'Document') return;
        const name = getOperationAST(result)?.name?.value;
        if (name) noteOperation(nodeRequest(context), { operationName: name });
      };
    },
    onExecute({ args }) {
      const name = getOperationAST(args.document, args.operationName)?.name?.value;
      if (name) noteOperation(nodeRequest(args.contextValue), { operationName: name });
    },
    onSubscribe({ args }) {
      const name = getOperationAST(args.document, args.operationName)?.name?.value;
      if (name) noteOperation(nodeRequest(args.contextValue), { operationName: name });
    },
    onResultProcess({ result, serverContext }) {
      if (hasErrors(result)) noteOperation(nodeRequest(serverContext), { error: true });
    },
  };
}
