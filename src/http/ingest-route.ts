import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { App } from '../app.js';
import { callerFromAuthorization } from '../auth/context.js';
import type { Caller } from '../auth/tokens.js';
import { answerCors } from './cors.js';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../db/unavailable.js';
import { DomainError } from '../domain/errors.js';
import { databaseIdInUrl } from '../domain/global-ids.js';
import type { UploadDrain } from '../ingest/drain.js';
import { NATIVE_STAGE_COLUMNS, NATIVE_STAGE_TABLE } from '../ingest/native-merge.js';
import type { NativePlan, NativeRead } from '../ingest/native-upload.js';
import { BodyPace } from '../ingest/pace.js';
import { type LineError, UploadError, type UploadFormat } from '../ingest/records.js';
import { copyBody, inUploadTransaction, runUpload, type UploadPlan } from '../ingest/upload.js';
import { noteWorkspace, routeOf } from '../observability/http.js';
import { logger } from '../observability/log.js';
import type { HttpRoute } from '../server.js';
import type { Services } from '../services/index.js';
import { announceIdentityChange } from '../sync/changes.js';
import { recordIdentityChange } from '../sync/triggers.js';
import { sendJson } from './json.js';

/** What an upload answers (CONTRACT.md "Bulk HTTP uploads"). */
export interface UploadSummary {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: LineError[];
}

/** What a native upload answers: the bulk-upload shape plus what the native inputs add. */
export interface NativeSummary extends UploadSummary {
  audiencesCreated: number;
  /** Set for an Audience Manager full-set file: true while its set waits for the rest. */
  pending?: boolean;
}

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
    throw new UploadError(
      415,
      'Send text/plain or text/csv (UTF-8, one record per line) or application/x-ndjson',
      'UNSUPPORTED_MEDIA_TYPE',
    );
  }
  return format;
}

/** Whether the body is gzip-compressed (Content-Encoding); other encodings are refused. */
function isGzip(req: IncomingMessage): boolean {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return false;
  if (encoding === 'gzip') return true;
  throw new UploadError(415, 'Content-Encoding must be gzip or absent', 'UNSUPPORTED_MEDIA_TYPE');
}

/**
 * The request body as a byte stream, decompressed when gzip. A gzip body that is cut short
 * or not gzip at all makes the gunzip stream fail; that failure reaches the upload's read of
 * the body (and its 400 answer) and never escapes as an unhandled 'error' event. The request
 * itself is not destroyed with it, so the answer can still be written.
 */
function requestBody(req: IncomingMessage, gzip: boolean): Readable {
  if (!gzip) return req;
  const gunzip = createGunzip();
  gunzip.on('error', () => undefined);
  req.on('error', (error) => gunzip.destroy(error));
  req.pipe(gunzip);
  return gunzip;
}

const MEMBERS_PATH = /^\/ingest\/audiences\/([^/]+)\/members\/?$/;

/** Prepares an upload for its caller: the service checks access and query parameters. */
type Endpoint = (
  services: Services,
  caller: Caller,
  query: URLSearchParams,
) => Promise<UploadPlan> | UploadPlan;

/** Prepares an Adobe-native upload for its caller (CONTRACT.md "Adobe-native audience inputs"). */
type NativeEndpoint = (
  services: Services,
  caller: Caller,
  query: URLSearchParams,
  req: IncomingMessage,
) => NativePlan;

function isNdjson(req: IncomingMessage): boolean {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return mediaType === 'application/x-ndjson' || mediaType === 'application/ndjson';
}

/** The native endpoint of a path, or null when there is none. */
function nativeEndpointFor(path: string): NativeEndpoint | null {
  switch (path.replace(/\/$/, '')) {
    case '/ingest/aep':
      return (services, caller, _query, req) =>
        services.adobeInputs.aepUpload(caller, { ndjson: isNdjson(req) });
    case '/ingest/aam/realtime':
      return (services, caller) => services.adobeInputs.aamRealtimeUpload(caller);
    case '/ingest/aam/outbound':
      return (services, caller, query) =>
        services.adobeInputs.aamOutboundUpload(caller, { filename: query.get('filename') });
    default:
      return null;
  }
}

/** The endpoint of a path, or null when there is none. */
function endpointFor(path: string): Endpoint | null {
  const members = MEMBERS_PATH.exec(path);
  if (members) {
    return (services, caller, query) =>
      services.audiences.membersUpload(caller, {
        audienceId: databaseIdInUrl(members[1], 'Audience'),
        mode: query.get('mode'),
      });
  }
  switch (path.replace(/\/$/, '')) {
    case '/ingest/leads':
      return (services, caller) => services.leads.leadsUpload(caller);
    case '/ingest/cookie-syncs':
      return (services, caller, query) =>
        services.identity.cookieSyncsUpload(caller, { imsOrgId: query.get('imsOrgId') });
    case '/ingest/associations':
      return (services, caller, query) =>
        services.identity.associationsUpload(caller, { source: query.get('source') });
    default:
      return null;
  }
}

async function handle(
  app: App,
  drain: UploadDrain,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const endpoint = endpointFor(url.pathname);
  const native = endpoint ? null : nativeEndpointFor(url.pathname);
  if (!endpoint && !native) throw new UploadError(404, 'No such ingest endpoint', 'NOT_FOUND');
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    throw new UploadError(405, 'Use POST', 'METHOD_NOT_ALLOWED');
  }
  const caller = await callerFromAuthorization(app, req.headers.authorization);
  if (!caller) {
    res.setHeader('www-authenticate', 'Bearer');
    throw new UploadError(401, 'A valid bearer token is required', 'UNAUTHENTICATED');
  }
  noteWorkspace(req, caller.workspaceId);
  if (!caller.scopes.has('write')) {
    throw new UploadError(403, 'Uploads need a token with the write scope', 'FORBIDDEN');
  }
  const { config } = app;
  const pace = new BodyPace({
    idleTimeoutMs: config.ingestIdleTimeoutMs,
    minBytesPerSecond: config.ingestMinBytesPerSecond,
    windowMs: config.ingestRateWindowMs,
  });
  if (native) {
    const plan = native(app.services, caller, url.searchParams, req);
    await handleNative(app, drain, req, res, plan, pace);
    return;
  }
  const format = uploadFormat(req);
  const gzip = isGzip(req);
  const upload = await (endpoint as Endpoint)(app.services, caller, url.searchParams);
  const { rows, merged } = await drain.run(pace, () =>
    runUpload(
      app.database.uploadPool,
      requestBody(req, gzip),
      pace,
      upload.spec,
      format,
      async (client, staged) => {
        const merged = await upload.merge(client, staged.staged);
        // The sync triggers of the change commit with it, or not at all.
        if (merged.change) {
          await recordIdentityChange(client, merged.change, config.syncDebounceMs);
        }
        return merged;
      },
    ),
  );
  if (merged.change) await announceIdentityChange(merged.change);
  const summary: UploadSummary = {
    accepted: merged.accepted,
    duplicates: merged.duplicates,
    rejected: rows.rejected,
    errors: rows.errors,
  };
  countIngested(app, req, summary);
  sendJson(res, 200, summary);
}

/** Counts an upload's rows in the ingested-rows metric, by endpoint and result. */
function countIngested(app: App, req: IncomingMessage, summary: UploadSummary) {
  const endpoint = routeOf(new URL(req.url ?? '/', 'http://localhost').pathname);
  app.metrics.ingestedRows.inc({ endpoint, result: 'accepted' }, summary.accepted);
  app.metrics.ingestedRows.inc({ endpoint, result: 'duplicate' }, summary.duplicates);
  app.metrics.ingestedRows.inc({ endpoint, result: 'rejected' }, summary.rejected);
}

/**
 * Runs an Adobe-native upload: the body streams into NATIVE_STAGE_TABLE through the plan's
 * reader, then the plan applies it, and the sync triggers of what changed are recorded, all
 * in one transaction of the upload pool, under the same pace limits and shutdown drain as
 * every upload. Gzip when Content-Encoding or the file name says so.
 */
async function handleNative(
  app: App,
  drain: UploadDrain,
  req: IncomingMessage,
  res: ServerResponse,
  plan: NativePlan,
  pace: BodyPace,
) {
  const gzip = isGzip(req) || plan.gzip;
  // A control file's md5 may be of the file as sent (compressed) or of its lines.
  const raw = gzip ? createHash('md5') : null;
  const { config } = app;
  let read: NativeRead | undefined;
  const outcome = await drain.run(pace, () =>
    inUploadTransaction(app.database.uploadPool, async (client) => {
      // Hashed beside the gunzip pipe, which pauses the request when the reader is behind.
      if (raw) req.on('data', (chunk: Buffer) => raw.update(chunk));
      await copyBody(
        client,
        requestBody(req, gzip),
        pace,
        NATIVE_STAGE_TABLE,
        NATIVE_STAGE_COLUMNS,
        (batch, room) => {
          read = plan.read(batch, room);
          return read.reader;
        },
      );
      const applied = await plan.apply(client, read as NativeRead, {
        rawMd5: raw ? raw.digest('hex') : null,
      });
      // The sync triggers of the change commit with it, or not at all.
      if (applied.merged.change) {
        await recordIdentityChange(client, applied.merged.change, config.syncDebounceMs);
      }
      return applied;
    }),
  );
  if (outcome.merged.change) await announceIdentityChange(outcome.merged.change);
  const sink = (read as NativeRead).sink;
  const summary: NativeSummary = {
    accepted: outcome.merged.accepted,
    duplicates: outcome.merged.duplicates,
    rejected: sink?.rejected ?? 0,
    errors: sink?.errors ?? [],
    audiencesCreated: outcome.merged.audiencesCreated,
    ...(outcome.pending === undefined ? {} : { pending: outcome.pending }),
  };
  countIngested(app, req, summary);
  sendJson(res, 200, summary);
}

/**
 * The streaming bulk endpoints under /ingest (write scope, the caller's workspace only).
 * Errors found before the body is read close the connection after answering, so a large
 * body is not read for nothing. `drain` lets a shutdown finish or refuse uploads in flight.
 */
export function ingestRoute(drain: UploadDrain): HttpRoute {
  return async (app, req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/ingest/')) return false;
    // Browser uploads from an origin CORS_ORIGINS allows: its preflight, and the headers on
    // every answer; any other origin gets none, so the browser keeps it out.
    if (answerCors(app.config.corsOrigins, req, res)) return true;
    try {
      await handle(app, drain, req, res, url);
    } catch (error) {
      if (req.socket.destroyed) {
        // The client went away mid-body; the transaction was rolled back and nobody listens.
        res.destroy();
        return true;
      }
      const close: Record<string, string> = req.complete ? {} : { connection: 'close' };
      if (error instanceof UploadError) {
        if (error.status === 503) close['retry-after'] = '5';
        sendJson(res, error.status, { error: error.message, code: error.code }, close);
      } else if (error instanceof DomainError) {
        sendJson(res, error.status, { error: error.message, code: error.code }, close);
      } else if (String((error as { code?: unknown }).code).startsWith('Z_')) {
        sendJson(res, 400, { error: 'The body is not valid gzip', code: 'BAD_REQUEST' }, close);
      } else if (isDatabaseUnavailable(error)) {
        sendJson(
          res,
          503,
          {
            error: `${new DatabaseUnavailableError().message}; nothing was stored`,
            code: 'SERVICE_UNAVAILABLE',
          },
          { ...close, 'retry-after': '5' },
        );
      } else {
        logger('ingest').error({ err: error, path: url.pathname }, 'upload failed');
        sendJson(res, 500, { error: 'The upload failed; nothing was stored' }, close);
      }
    }
    return true;
  };
}
