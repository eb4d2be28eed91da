import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { callerFromAuthorization } from '../auth/context.js';
import type { Caller } from '../auth/tokens.js';
import { answerCors } from './cors.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { DomainError } from '../domain/errors.js';
import { databaseIdInUrl } from '../domain/global-ids.js';
import { ExportSlots, ExportsBusyError } from '../export/slots.js';
import { streamExport } from '../export/stream.js';
import { logger } from '../observability/log.js';
import type { HttpRoute } from '../server.js';
import type { ExportPlan } from '../services/history.js';
import { sendJson } from './json.js';

const LIST_MEMBERS_PATH = /^\/export\/lists\/([^/]+)\/members\/?$/;
const RUN_CHANGES_PATH = /^\/export\/sync-runs\/([^/]+)\/changes\/?$/;

/** The export a path names, prepared for its caller by the history service; null: no such path. */
function planFor(
  app: App,
  path: string,
): ((caller: Caller, format: string | null) => Promise<ExportPlan>) | null {
  const list = LIST_MEMBERS_PATH.exec(path);
  if (list) {
    return (caller, format) =>
      app.services.history.listMembersExport(caller, {
        listId: databaseIdInUrl(list[1], 'List'),
        format,
      });
  }
  const run = RUN_CHANGES_PATH.exec(path);
  if (run) {
    return (caller, format) =>
      app.services.history.runChangesExport(caller, {
        runId: databaseIdInUrl(run[1], 'SyncRun'),
        format,
      });
  }
  return null;
}

async function handle(
  app: App,
  slots: ExportSlots,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
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
  const prepared = await plan(caller, url.searchParams.get('format'));
  const giveBack = slots.take(caller.workspaceId);
  if (!giveBack) throw new ExportsBusyError(slots.perWorkspace);
  try {
    await streamExport(app.database.exportPool, app.config, res, prepared);
  } finally {
    giveBack();
  }
}

/**
 * Why an export cannot start now but may shortly (503 with Retry-After), or null: its
 * workspace has as many exports under way as it may, or the database (the export pool
 * included) does not answer in time.
 */
function unavailableReason(error: unknown): string | null {
  if (error instanceof ExportsBusyError) return error.message;
  if (isDatabaseUnavailable(error)) return 'The database did not answer in time';
  return null;
}

/**
 * The streamed exports under /export (read scope, the caller's workspace only): a list's
 * members and a run's changes, as CSV or NDJSON attachments, on a pool of their own
 * (EXPORT_CONNECTIONS) with at most EXPORT_CONNECTIONS_PER_WORKSPACE at once per workspace.
 */
export function exportRoute(): HttpRoute {
  let slots: ExportSlots | undefined;
  return async (app, req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/export/')) return false;
    if (answerCors(app.config.corsOrigins, req, res)) return true;
    try {
      slots ??= new ExportSlots(app.config.exportConnectionsPerWorkspace);
      await handle(app, slots, req, res, url);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof DomainError) {
        sendJson(res, error.status, { error: error.message, code: error.code });
      } else if (unavailableReason(error)) {
        res.setHeader('retry-after', '5');
        sendJson(res, 503, { error: unavailableReason(error), code: 'SERVICE_UNAVAILABLE' });
      } else {
        logger('export').error({ err: error }, 'export failed');
        sendJson(res, 500, { error: 'The export failed' });
      }
    }
    return true;
  };
}
