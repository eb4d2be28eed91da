import type { IncomingMessage, ServerResponse } from 'node:http';
import { logger } from './log.js';
import type { Metrics } from './metrics.js';

/** The workspace each request authenticated as, for its log line. */
const workspaces = new WeakMap<IncomingMessage, string>();

/** Records the workspace a request acts for (called where the request authenticates). */
export function noteWorkspace(req: IncomingMessage | undefined, workspaceId: string): void {
  if (req) workspaces.set(req, workspaceId);
}

/** What a GraphQL request's log line says of its operation (see noteOperation). */
interface OperationNote {
  operationName: string | null;
  error: boolean;
}

/** The GraphQL operation each request carried, for its log line. */
const operations = new WeakMap<IncomingMessage, OperationNote>();

/**
 * Records what a GraphQL request carried (src/observability/graphql-metrics.ts): the
 * operation's name once known, and whether its answer had errors. Each call adds to the note.
 */
export function noteOperation(
  req: IncomingMessage | undefined,
  note: { operationName?: string | null; error?: boolean },
): void {
  if (!req) return;
  const current = operations.get(req) ?? { operationName: null, error: false };
  if (note.operationName) current.operationName = note.operationName;
  if (note.error) current.error = true;
  operations.set(req, current);
}

const GRAPHQL_ROUTES = new Set(['/graphql', '/graphql/stream']);

// Probes and scrapes come every few seconds; at info they would drown the requests of users.
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The route of a path with its ids taken out, so that metrics have one series per endpoint
 * whatever the ids; any path the service does not serve counts as `other`.
 */
export function routeOf(rawPath: string): string {
  const path = rawPath.length > 1 ? rawPath.replace(/\/$/, '') : rawPath;
  if (QUIET_ROUTES.has(path) || path === '/graphql' || path === '/graphql/stream') return path;
  if (/^\/ingest\/audiences\/[^/]+\/members$/.test(path)) return '/ingest/audiences/:id/members';
  if (/^\/ingest\/(leads|cookie-syncs|associations|aep|aam\/realtime|aam\/outbound)$/.test(path)) {
    return path;
  }
  if (/^\/export\/lists\/[^/]+\/members$/.test(path)) return '/export/lists/:id/members';
  if (/^\/export\/sync-runs\/[^/]+\/changes$/.test(path)) return '/export/sync-runs/:id/changes';
  if (path === '/munchkin/cookie-sync.js') return path;
  if (/^\/munchkin\/v1\/(cookie-sync|form-fill|email-click)$/.test(path)) return path;
  // A tracked link's token names its lead: never a label of its own.
  if (/^\/t\/[^/]+$/.test(path)) return '/t/:token';
  // The web app: its page, and its assets (content-hashed names) as one series.
  if (path === '/' || path === '/index.html') return '/';
  if (path.startsWith('/assets/')) return '/assets/:file';
  return 'other';
}

/**
 * Logs one line per HTTP request once its answer ends (or the client goes away) and counts it
 * in the metrics: method, path, status, duration, workspace.
 */
export function observeRequest(metrics: Metrics, req: IncomingMessage, res: ServerResponse) {
  const started = process.hrtime.bigint();
  res.once('close', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const path = (req.url ?? '/').split('?')[0];
    const route = routeOf(path);
    const labels = { method: req.method ?? 'GET', route, status: String(res.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, seconds);
    const line = {
      method: req.method,
      path,
      status: res.statusCode,
      durationMs: Math.round(seconds * 1e4) / 10,
      workspace: workspaces.get(req) ?? null,
      // A GraphQL request names its operation (null when unnamed or refused before it was
      // read) and says whether its answer carried errors, as an answer with errors is 200 too.
      ...(GRAPHQL_ROUTES.has(route) && req.method !== 'OPTIONS'
        ? {
            operationName: operations.get(req)?.operationName ?? null,
            error: (operations.get(req)?.error ?? false) || res.statusCode >= 400,
          }
        : {}),
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    const log = logger('http');
    if (QUIET_ROUTES.has(route)) log.debug(line, 'request');
    else log.info(line, 'request');
  });
}
