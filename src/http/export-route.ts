import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from '../auth/tokens.js';
import { databaseIdInUrl } from '../domain/global-ids.js';
import { logger } from '../observability/log.js';
import { asciiFileName, type ExportSink } from '../services/exports.js';
import { authorizedCaller } from './context.js';
import { answerCors } from './cors.js';
import type { EdgeDeps, HttpRoute } from './deps.js';
import { HttpError, internalError, refusalOf, sendRefusal } from './errors.js';

const LIST_MEMBERS_PATH = /^\/export\/lists\/([^/]+)\/members\/?$/;
const RUN_CHANGES_PATH = /^\/export\/sync-runs\/([^/]+)\/changes\/?$/;

type Export = (caller: Caller, format: string | null, sink: ExportSink) => Promise<void>;

/** The export a path names, its id decoded, as a call of the export service; null: no such path. */
function exportFor(deps: EdgeDeps, path: string): Export | null {
  const list = LIST_MEMBERS_PATH.exec(path);
  if (list) {
    return (caller, format, sink) =>
      deps.services.exports.listMembers(
        caller,
        { listId: databaseIdInUrl(list[1], 'List'), format },
        sink,
      );
  }
  const run = RUN_CHANGES_PATH.exec(path);
  if (run) {
    return (caller, format, sink) =>
      deps.services.exports.runChanges(
        caller,
        { runId: databaseIdInUrl(run[1], 'SyncRun'), format },
        sink,
      );
  }
  return null;
}

/**
 * An attachment's Content-Disposition (RFC 6266): `filename` in ASCII for every client, and
 * when the name has other characters, `filename*` with it whole in UTF-8, which clients that
 * read it prefer. The file names of exports hold no quotes or backslashes (fileSafeName).
 */
export function contentDisposition(filename: string): string {
  const ascii = asciiFileName(filename);
  if (ascii === filename) return `attachment; filename="${filename}"`;
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * The response as the sink of an export: its head once the export starts (an attachment,
 * never cached), and a stall of INGEST_IDLE_TIMEOUT_MS with nothing moving either way (a
 * database that stops answering) ends it.
 */
function responseSink(deps: EdgeDeps, res: ServerResponse): ExportSink {
  return {
    body: res,
    begin({ contentType, filename }) {
      res.writeHead(200, {
        'content-type': contentType,
        'content-disposition': contentDisposition(filename),
        'cache-control': 'no-store',
      });
      res.setTimeout(deps.config.ingestIdleTimeoutMs, () => res.destroy());
    },
  };
}

async function handle(deps: EdgeDeps, req: IncomingMessage, res: ServerResponse, url: URL) {
  const run = exportFor(deps, url.pathname);
  if (!run) throw new HttpError('NOT_FOUND', 'No such export');
  if (req.method !== 'GET') {
    throw new HttpError('METHOD_NOT_ALLOWED', 'Use GET', { allow: 'GET' });
  }
  const caller = await authorizedCaller(
    deps,
    req,
    'read',
    'Exports need a token with the read scope',
  );
  await run(caller, url.searchParams.get('format'), responseSink(deps, res));
}

/**
 * The streamed exports under /export (read scope, the caller's workspace only): a list's
 * members and a run's changes, as CSV or NDJSON attachments, streamed by the export service
 * (src/services/exports.ts) into the response. Refused before the head is out, an export is
 * answered as every route answers (src/http/errors.ts: 503 when the workspace already has
 * EXPORT_CONNECTIONS_PER_WORKSPACE exports under way or the database does not answer);
 * after, a failure can only cut the body off.
 */
export function exportRoute(deps: EdgeDeps): HttpRoute {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/export/')) return false;
    if (answerCors(deps.config.corsOrigins, req, res)) return true;
    try {
      await handle(deps, req, res, url);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return true;
      }
      let refused = refusalOf(error);
      if (!refused) {
        logger('export').error({ err: error }, 'export failed');
        refused = internalError('The export failed');
      }
      sendRefusal(res, refused, { withErrorField: true });
    }
    return true;
  };
}
