import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
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
