import { randomUUID } from 'node:crypto';
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse';
import type { Response as SseResponse } from 'graphql-sse';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { callerFromAuthorization, missingToken } from './context.js';
import type { EdgeDeps } from './deps.js';
import { type Refusal, refusalOf } from './errors.js';

/** Where the graphql-sse protocol is served; yoga's own SSE answers on /graphql itself. */
export const GRAPHQL_SSE_ENDPOINT = '/graphql/stream';

const STREAM_TOKEN_HEADER = 'x-graphql-event-stream-token';

/** No valid bearer token: the edge's 401 refusal, in GraphQL's shape. */
function unauthorized(): SseResponse {
  const { status, code, message, headers } = refusalOf(missingToken()) as Refusal;
  return [
    JSON.stringify({ errors: [{ message, extensions: { code } }] }),
    {
      status,
      statusText: 'Unauthorized',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    },
  ];
}

/**
 * The graphql-sse protocol (distinct connections and single-connection mode) as a yoga
 * plugin. Every request needs the bearer token (401 otherwise) before the protocol runs; the
 * operations then go through the same context factory as HTTP. A single-connection stream
 * token is bound to the bearer token that reserved it, so no other caller can read it.
 */
export function useAuthenticatedGraphqlSse(deps: EdgeDeps): Plugin {
  const sse = useGraphQLSSE({
    endpoint: GRAPHQL_SSE_ENDPOINT,
    authenticate: async (req) => {
      const caller = await callerFromAuthorization(deps, req.headers.get('authorization'));
      if (!caller) return unauthorized();
      const prefix = `${caller.tokenId}.`;
      const requested =
        req.headers.get(STREAM_TOKEN_HEADER) ??
        new URL(req.url ?? '', 'http://localhost/').searchParams.get('token');
      if (requested === null) return `${prefix}${randomUUID()}`;
      return requested.startsWith(prefix) ? requested : unauthorized();
    },
  });
  // A subscription refused before its stream starts (FORBIDDEN, NOT_FOUND) yields `{ errors }`;
  // graphql-sse only recognises a result that has `data`, and answers 400 otherwise.
  const refusedWithData: Plugin = {
    onSubscribe: () => ({
      onSubscribeResult: ({ result, setResult }) => {
        if (!isAsyncIterable(result) && !('data' in result)) setResult({ ...result, data: null });
      },
    }),
  };
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(sse);
      addPlugin(refusedWithData);
    },
  };
}
