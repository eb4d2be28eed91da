import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useAPQ } from '@graphql-yoga/plugin-apq';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import { createYoga, maskError } from 'graphql-yoga';
import type pg from 'pg';
import { StartupError } from '../config.js';
import { isDatabaseUnavailable, withinTime } from '../db/unavailable.js';
import { DomainError } from '../domain/errors.js';
import { UploadDrain } from '../ingest/drain.js';
import { BodyReadError, CLOSE_AFTER_ANSWER, readBoundedBody } from '../net/bounded-body.js';
import { useOperationMetrics, useRequestLogOperation } from '../observability/graphql-metrics.js';
import { observeRequest } from '../observability/http.js';
import { graphqlLogger, logger } from '../observability/log.js';
import { sendMetrics } from '../observability/metrics-server.js';
import { useCachedAnswerJson } from '../schema/cached-answer-json.js';
import { useCompiledQueries } from '../schema/compiled-queries.js';
import { useQueryCostLimit } from '../schema/cost.js';
import { useCostMeter } from '../schema/cost-meter.js';
import { toGraphQLError, useDomainErrors } from '../schema/errors.js';
import { useHideSuggestions } from '../schema/hide-suggestions.js';
import { schema } from '../schema/index.js';
import { makeContextFactory, serviceUnavailable } from './context.js';
import { allowedOrigin, CORS_ALLOWED_HEADERS, CORS_MAX_AGE_SECONDS, CORS_METHODS } from './cors.js';
import type { EdgeDeps } from './deps.js';
import { internalError, refusal, sendGraphqlRefusal, sendRefusal } from './errors.js';
import { exportRoute } from './export-route.js';
import { ingestRoute } from './ingest-route.js';
import { sendJson } from './json.js';
import { munchkinRoute } from './munchkin-route.js';
import { useMutationChangeSignal, useWorkspaceResponseCache } from './response-cache.js';
import { useAuthenticatedGraphqlSse } from './sse.js';
import { renderLocalGraphiQL, useGraphiqlPageHeaders } from './web/graphiql.js';
import { webAppRoute } from './web/web-app.js';
import { attachGraphqlWs } from './websocket.js';

/** Largest GraphQL request body accepted (bulk data goes through /ingest, which streams). */
export const MAX_GRAPHQL_BODY_BYTES = 1_000_000;

export function createGraphqlHandler(deps: EdgeDeps) {
  const responseCache = useWorkspaceResponseCache(deps);
  return createYoga({
    schema,
    context: makeContextFactory(deps) as never,
    graphiql: { title: 'audience-sync' },
    // Enforced as the body arrives (readGraphqlBody), before yoga sees any request, which gets
    // the body already read. yoga's own check would pipe that body once more through a counting
    // stream (a Request, a TransformStream and an abort's DOMException per request): about 4 %
    // of a dashboard request's CPU in a profile, to count bytes already counted.
    maxRequestBodySize: false,
    renderGraphiQL: renderLocalGraphiQL,
    // Unexpected errors reach clients as "Unexpected error."; DomainErrors keep their message.
    // Same origin only unless CORS_ORIGINS allows the request's origin (src/http/cors.ts).
    cors: (request) => {
      const origin = allowedOrigin(deps.config.corsOrigins, request.headers.get('origin'));
      return origin
        ? {
            origin,
            credentials: true,
            methods: CORS_METHODS,
            allowedHeaders: CORS_ALLOWED_HEADERS,
            maxAge: CORS_MAX_AGE_SECONDS,
          }
        : false;
    },
    maskedErrors: {
      // Domain errors keep their message and code. A database that does not answer is the
      // one unexpected failure worth naming: the client should retry, so it gets 503 and
      // SERVICE_UNAVAILABLE instead of a masked 500.
      maskError: (error, message, isDev) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof DomainError) {
          return toGraphQLError(original, error instanceof GraphQLError ? error : undefined);
        }
        if (isDatabaseUnavailable(original)) return serviceUnavailable();
        return maskError(error, message, isDev);
      },
    },
    // yoga's own lines go through the process's logger, at its LOG_LEVEL.
    logging: graphqlLogger,
    plugins: [
      // First, so that every request's log line names its operation and error flag, answers
      // refused or cached by the plugins below included.
      useRequestLogOperation(),
      // Any request carrying Authorization (or yoga's header) is preflighted by browsers.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'authorization'] }),
      EnvelopArmorPlugin({
        maxDepth: { n: 12 },
        maxAliases: { n: 20 },
        maxTokens: { n: 5000 },
        maxDirectives: { n: 20 },
        // Replaced by our own cost model (src/schema/cost.ts): armor's weighs every field
        // alike and reads `first` only as a literal, so a page size in a variable costs 1.
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: true },
      }),
      useDomainErrors(),
      useGraphiqlPageHeaders(),
      useQueryCostLimit(),
      // Data past the bounds the cost limit priced are cut off as they run (cost-meter.ts).
      useCostMeter(),
      // Queries run compiled (graphql-jit); before useHideSuggestions, which wraps the executor.
      useCompiledQueries(),
      useHideSuggestions(),
      // The graphql-sse protocol on /graphql/stream; yoga's own SSE serves /graphql.
      useAuthenticatedGraphqlSse(deps),
      useOperationMetrics(deps.metrics),
      // Automatic persisted queries: a client may send a document's SHA-256 instead of the
      // document once this process has seen it (an in-memory store per process, 1,000 deep).
      // Before the response cache, whose key needs the document the hash stands for.
      useAPQ(),
      useMutationChangeSignal(deps),
      // Answers of read queries per workspace and scopes (RESPONSE_CACHE_MAX_ENTRIES=0: none).
      ...(responseCache ? [responseCache] : []),
      // A cached answer's JSON is written at its first hit and reused by the next ones.
      ...(responseCache ? [useCachedAnswerJson()] : []),
    ],
  });
}

/**
 * Reads the body of a request bound for GraphQL (any method but GET and HEAD, before any
 * token is checked), counting its bytes as they arrive: one over MAX_GRAPHQL_BODY_BYTES, with
 * or without Content-Length, is answered 413 at once and the connection closed, instead of
 * being buffered whole by yoga. The body read is handed to yoga's node adapter, which takes a
 * body already read (as body parsers leave it) in place of the stream. False when answered.
 */
async function readGraphqlBody(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  try {
    const body = await readBoundedBody(req, MAX_GRAPHQL_BODY_BYTES);
    if (body.length > 0) (req as IncomingMessage & { body?: Buffer }).body = body;
    return true;
  } catch (error) {
    if (!(error instanceof BodyReadError)) throw error;
    if (error.reason !== 'TOO_LARGE') {
      // The client went away mid-body: nobody is left to answer.
      res.destroy();
      return false;
    }
    sendGraphqlRefusal(
      res,
      refusal('PAYLOAD_TOO_LARGE', `Request body over ${MAX_GRAPHQL_BODY_BYTES} bytes`),
      CLOSE_AFTER_ANSWER,
    );
    return false;
  }
}

/** Longest /readyz waits for the database before answering 503. */
export const READY_TIMEOUT_MS = 2_000;

/** Whether the database answers `select 1` within READY_TIMEOUT_MS (the readiness probes). */
export async function databaseReady(deps: EdgeDeps): Promise<boolean> {
  try {
    // pg honours query_timeout per query (its types omit it): a probe against a silent
    // database gives its connection back after READY_TIMEOUT_MS instead of holding it.
    const probe = { text: 'select 1', query_timeout: READY_TIMEOUT_MS } as pg.QueryConfig;
    await withinTime(deps.database.pool.query(probe), READY_TIMEOUT_MS);
    return true;
  } catch {
    return false;
  }
}

/**
 * The HTTP server: health probes, bulk ingest, GraphQL over HTTP, SSE and WS. `close` stops
 * taking connections, lets uploads in flight finish for up to `shutdownDrainMs` (then
 * answers them 503, nothing committed), and closes what is left.
 */
export async function startServer(
  deps: EdgeDeps,
  options: { port: number; host: string },
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const yoga = createGraphqlHandler(deps);
  const drain = new UploadDrain();
  const routes = [ingestRoute(deps, drain), munchkinRoute(deps), exportRoute(deps), webAppRoute];
  const server = createServer(async (req, res) => {
    observeRequest(deps.metrics, req, res);
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (path === '/metrics') return await sendMetrics(deps.metrics, res);
      if (path === '/readyz') {
        const ready = await databaseReady(deps);
        return sendJson(res, ready ? 200 : 503, {
          status: ready ? 'ready' : 'database unreachable',
        });
      }
      // A GraphQL POST is none of theirs (each answers its own prefix, the web app only GET and
      // HEAD): asking them costs two URL parses and four awaits per query.
      if (req.method !== 'POST' || path !== '/graphql') {
        for (const route of routes) if (await route(req, res)) return;
      }
      if (!(await readGraphqlBody(req, res))) return;
      await yoga(req, res);
    } catch (error) {
      logger('http').error({ err: error }, 'request failed');
      if (!res.headersSent) sendRefusal(res, internalError('internal error'));
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL'
          ? new StartupError(
              `Cannot listen on ${options.host}:${options.port} (PORT/HOST): ${
                error.code === 'EADDRINUSE' ? 'the port is in use' : error.message
              }`,
            )
          : error,
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  // Attached once listening: a listen error is then reported once, as the line above says,
  // not also by graphql-ws as an internal error of the WebSocket server.
  const ws = attachGraphqlWs(deps, server, yoga as never);
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await drain.drain(deps.config.shutdownDrainMs);
      await ws.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
