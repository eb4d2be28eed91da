import type { IncomingMessage, ServerResponse } from 'node:http';
import { databaseIdInUrl } from '../domain/global-ids.js';
import type { UploadDrain } from '../ingest/drain.js';
import { BodyPace } from '../ingest/pace.js';
import type { UploadFormat } from '../ingest/records.js';
import { routeOf } from '../observability/http.js';
import { logger } from '../observability/log.js';
import type { NativeEndpoint, RecordEndpoint, UploadSummary } from '../services/uploads.js';
import { authorizedCaller } from './context.js';
import { answerCors } from './cors.js';
import type { EdgeDeps, HttpRoute } from './deps.js';
import { HttpError, internalError, refusalOf, sendRefusal } from './errors.js';
import { sendJson } from './json.js';

/** Media types accepted as bodies, and the reader each one uses. */
const FORMATS: Record<string, UploadFormat> = {
  'text/plain': 'text',
  'text/csv': 'text',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
};

function uploadFormat(req: IncomingMessage): UploadFormat {
  const [mediaType, ...parameters] = (req.headers['content-type'] ?? '').split(';');
  const format = FORMATS[mediaType.trim().toLowerCase()];
  const charset = parameters
    .map((parameter) => parameter.trim().toLowerCase())
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replaceAll('"', '');
  if (!format || (charset && !['utf-8', 'utf8', 'us-ascii'].includes(charset))) {
    throw new HttpError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send text/plain or text/csv (UTF-8, one record per line) or application/x-ndjson',
    );
  }
  return format;
}

function isNdjson(req: IncomingMessage): boolean {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return mediaType === 'application/x-ndjson' || mediaType === 'application/ndjson';
}

const MEMBERS_PATH = /^\/ingest\/audiences\/([^/]+)\/members\/?$/;

/** The upload a request's path names, its id decoded and its query read; null: none. */
type Endpoint =
  | { kind: 'records'; endpoint: RecordEndpoint }
  | { kind: 'native'; endpoint: NativeEndpoint };

function endpointFor(url: URL, req: IncomingMessage): Endpoint | null {
  const query = url.searchParams;
  const records = (endpoint: RecordEndpoint): Endpoint => ({ kind: 'records', endpoint });
  const native = (endpoint: NativeEndpoint): Endpoint => ({ kind: 'native', endpoint });
  const members = MEMBERS_PATH.exec(url.pathname);
  if (members) {
    return records({
      endpoint: 'members',
      audienceId: databaseIdInUrl(members[1], 'Audience'),
      mode: query.get('mode'),
    });
  }
  switch (url.pathname.replace(/\/$/, '')) {
    case '/ingest/leads':
      return records({ endpoint: 'leads' });
    case '/ingest/cookie-syncs':
      return records({ endpoint: 'cookieSyncs', imsOrgId: query.get('imsOrgId') });
    case '/ingest/associations':
      return records({ endpoint: 'associations', source: query.get('source') });
    case '/ingest/aep':
      return native({ endpoint: 'aep', ndjson: isNdjson(req) });
    case '/ingest/aam/realtime':
      return native({ endpoint: 'aamRealtime' });
    case '/ingest/aam/outbound':
      return native({ endpoint: 'aamOutbound', filename: query.get('filename') });
    default:
      return null;
  }
}

async function handle(
  deps: EdgeDeps,
  drain: UploadDrain,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const upload = endpointFor(url, req);
  if (!upload) throw new HttpError('NOT_FOUND', 'No such ingest endpoint');
  if (req.method !== 'POST') {
    throw new HttpError('METHOD_NOT_ALLOWED', 'Use POST', { allow: 'POST' });
  }
  const caller = await authorizedCaller(
    deps,
    req,
    'write',
    'Uploads need a token with the write scope',
  );
  const { config, services } = deps;
  const pace = new BodyPace({
    idleTimeoutMs: config.ingestIdleTimeoutMs,
    minBytesPerSecond: config.ingestMinBytesPerSecond,
    windowMs: config.ingestRateWindowMs,
  });
  // The upload service checks the encoding (and the rest) before it reads any of the body.
  const contentEncoding = req.headers['content-encoding'];
  let summary: UploadSummary;
  if (upload.kind === 'records') {
    const input = { ...upload.endpoint, format: uploadFormat(req), contentEncoding };
    summary = await drain.run(pace, () => services.uploads.records(caller, input, req, pace));
  } else {
    const input = { ...upload.endpoint, contentEncoding };
    summary = await drain.run(pace, () => services.uploads.native(caller, input, req, pace));
  }
  countIngested(deps, url, summary);
  sendJson(res, 200, summary);
}

/** Counts an upload's rows in the ingested-rows metric, by endpoint and result. */
function countIngested(deps: EdgeDeps, url: URL, summary: UploadSummary) {
  const endpoint = routeOf(url.pathname);
  deps.metrics.ingestedRows.inc({ endpoint, result: 'accepted' }, summary.accepted);
  deps.metrics.ingestedRows.inc({ endpoint, result: 'duplicate' }, summary.duplicates);
  deps.metrics.ingestedRows.inc({ endpoint, result: 'rejected' }, summary.rejected);
}

/**
 * The streaming bulk endpoints under /ingest (write scope, the caller's workspace only): the
 * route reads the path, the query and the headers, checks the token, and hands the body to
 * the upload service (src/services/uploads.ts). Errors found before the body is read close
 * the connection after answering, so a large body is not read for nothing. `drain` lets a
 * shutdown finish or refuse uploads in flight.
 */
export function ingestRoute(deps: EdgeDeps, drain: UploadDrain): HttpRoute {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/ingest/')) return false;
    // Browser uploads from an origin CORS_ORIGINS allows: its preflight, and the headers on
    // every answer; any other origin gets none, so the browser keeps it out.
    if (answerCors(deps.config.corsOrigins, req, res)) return true;
    try {
      await handle(deps, drain, req, res, url);
    } catch (error) {
      if (req.socket.destroyed) {
        // The client went away mid-body; the transaction was rolled back and nobody listens.
        res.destroy();
        return true;
      }
      const headers: Record<string, string> = req.complete ? {} : { connection: 'close' };
      let refused = refusalOf(error);
      if (!refused) {
        logger('ingest').error({ err: error, path: url.pathname }, 'upload failed');
        refused = internalError('The upload failed; nothing was stored');
      }
      sendRefusal(res, refused, { headers, withErrorField: true });
    }
    return true;
  };
}
