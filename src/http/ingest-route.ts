import type { IncomingMessage, ServerResponse } from 'node:http';
import { databaseIdInUrl } from '../domain/global-ids.js';
import type { UploadDrain } from '../ingest/drain.js';
import { BodyPace } from '../ingest/pace.js';
import type { UploadFormat } from '../ingest/records.js';
import { routeOf } from '../observability/http.js';
import { logger } from '../observability/log.js';
import type { NativeUploadInput, RecordUploadInput, UploadSummary } from '../services/uploads.js';
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

/**
 * The upload a request names, its ids decoded and its query parameters read; null when the
 * path names none. Record uploads also read their format from Content-Type (checked first).
 */
type Endpoint =
  | { kind: 'records'; input: (req: IncomingMessage) => RecordUploadInput }
  | { kind: 'native'; input: (req: IncomingMessage) => NativeUploadInput };

function endpointFor(url: URL): Endpoint | null {
  const query = url.searchParams;
  const records = (
    input: (format: UploadFormat, contentEncoding?: string) => RecordUploadInput,
  ): Endpoint => ({
    kind: 'records',
    input: (req) => input(uploadFormat(req), req.headers['content-encoding']),
  });
  const members = MEMBERS_PATH.exec(url.pathname);
  if (members) {
    return records((format, contentEncoding) => ({
      endpoint: 'members',
      audienceId: databaseIdInUrl(members[1], 'Audience'),
      mode: query.get('mode'),
      format,
      contentEncoding,
    }));
  }
  const native = (input: (req: IncomingMessage) => NativeUploadInput): Endpoint => ({
    kind: 'native',
    input,
  });
  switch (url.pathname.replace(/\/$/, '')) {
    case '/ingest/leads':
      return records((format, contentEncoding) => ({ endpoint: 'leads', format, contentEncoding }));
    case '/ingest/cookie-syncs':
      return records((format, contentEncoding) => ({
        endpoint: 'cookieSyncs',
        imsOrgId: query.get('imsOrgId'),
        format,
        contentEncoding,
      }));
    case '/ingest/associations':
      return records((format, contentEncoding) => ({
        endpoint: 'associations',
        source: query.get('source'),
        format,
        contentEncoding,
      }));
    case '/ingest/aep':
      return native((req) => ({
        endpoint: 'aep',
        ndjson: isNdjson(req),
        contentEncoding: req.headers['content-encoding'],
      }));
    case '/ingest/aam/realtime':
      return native((req) => ({
        endpoint: 'aamRealtime',
        contentEncoding: req.headers['content-encoding'],
      }));
    case '/ingest/aam/outbound':
      return native((req) => ({
        endpoint: 'aamOutbound',
        filename: query.get('filename'),
        contentEncoding: req.headers['content-encoding'],
      }));
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
  const endpoint = endpointFor(url);
  if (!endpoint) throw new HttpError('NOT_FOUND', 'No such ingest endpoint');
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
  let summary: UploadSummary;
  if (endpoint.kind === 'records') {
    const input = endpoint.input(req);
    summary = await drain.run(pace, () => services.uploads.records(caller, input, req, pace));
  } else {
    const input = endpoint.input(req);
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
