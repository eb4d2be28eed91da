import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import type { App } from '../app.js';
import { callerFromAuthorization } from '../auth/context.js';
import type { Caller } from '../auth/tokens.js';
import { answerCors } from '../cors.js';
import { checkOut } from '../db/transaction.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { logger } from '../observability/log.js';
import type { HttpRoute } from '../server.js';
import { DomainError } from '../services/errors.js';
import type { ExportPlan } from '../services/history.js';

const LIST_MEMBERS_PATH = /^\/export\/lists\/([^/]+)\/members\/?$/;
const RUN_CHANGES_PATH = /^\/export\/sync-runs\/([^/]+)\/changes\/?$/;

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The export a path names, prepared for its caller by the history service; null: no such path. */
function planFor(
  app: App,
  path: string,
): ((caller: Caller, format: string | null) => Promise<ExportPlan>) | null {
  const list = LIST_MEMBERS_PATH.exec(path);
  if (list) {
    return (caller, format) =>
      app.services.history.listMembersExport(caller, { listId: list[1], format });
  }
  const run = RUN_CHANGES_PATH.exec(path);
  if (run) {
    return (caller, format) =>
      app.services.history.runChangesExport(caller, { runId: run[1], format });
  }
  return null;
}

/**
 * Streams one export: a `COPY ... TO STDOUT` on a connection of the bulk pool (exports, like
 * uploads, last as long as the client reads), piped to the response with backpressure, so
 * memory stays flat for any size. A client that goes away or stops reading for
 * INGEST_IDLE_TIMEOUT_MS ends the COPY by destroying its connection.
 */
async function stream(app: App, res: ServerResponse, plan: ExportPlan): Promise<void> {
  const { client, release } = await checkOut(app.database.uploadPool);
  let failure: unknown;
  try {
    const copy = client.query(copyTo(plan.copySql));
    res.writeHead(200, {
      'content-type': plan.contentType,
      'content-disposition': `attachment; filename="${plan.filename}"`,
      'cache-control': 'no-store',
    });
    res.setTimeout(app.config.ingestIdleTimeoutMs, () => res.destroy());
    await pipeline(copy, res);
  } catch (error) {
    failure = error;
    // Headers are out: the only honest answer left is a cut-off body.
    res.destroy();
  } finally {
    // A COPY cut short leaves its connection mid-statement; it is destroyed, not reused.
    release(failure);
  }
}

async function handle(app: App, req: IncomingMessage, res: ServerResponse, url: URL) {
  const plan = planFor(app, url.pathname);
  if (!plan) return sendJson(res, 404, { error: 'No such export', code: 'NOT_FOUND' });
  if (req.method !== 'GET') {
    res.setHeader('allow', 'GET');
    return sendJson(res, 405, { error: 'Use GET', code: 'METHOD_NOT_ALLOWED' });
  }
  const caller = await callerFromAuthorization(app, req.headers.authorization);
  if (!caller) {
    res.setHeader('www-authenticate', 'Bearer');
    return sendJson(res, 401, {
      error: 'A valid bearer token is required',
      code: 'UNAUTHENTICATED',
    });
  }
  if (!caller.scopes.has('read')) {
    return sendJson(res, 403, {
      error: 'Exports need a token with the read scope',
      code: 'FORBIDDEN',
    });
  }
  await stream(app, res, await plan(caller, url.searchParams.get('format')));
}

/**
 * The streamed exports under /export (read scope, the caller's workspace only): a list's
 * members and a run's changes, as CSV or NDJSON attachments.
 */
export function exportRoute(): HttpRoute {
  return async (app, req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/export/')) return false;
    if (answerCors(app.config.corsOrigins, req, res)) return true;
    try {
      await handle(app, req, res, url);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof DomainError) {
        sendJson(res, error.status, { error: error.message, code: error.code });
      } else if (isDatabaseUnavailable(error)) {
        res.setHeader('retry-after', '5');
        sendJson(res, 503, {
          error: 'The database did not answer in time',
          code: 'SERVICE_UNAVAILABLE',
        });
      } else {
        logger('export').error({ err: error }, 'export failed');
        sendJson(res, 500, { error: 'The export failed' });
      }
    }
    return true;
  };
}
