import type { ServerResponse } from 'node:http';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../db/unavailable.js';
import {
  DomainError,
  ERROR_STATUS,
  type HttpErrorCode,
  TRANSPORT_ERROR_STATUS,
} from '../domain/errors.js';
import { UploadError } from '../ingest/records.js';
import { ExportsBusyError } from '../services/exports.js';
import { sendJson } from './json.js';

/**
 * The one mapping from an error to an HTTP answer, for every route of the edge (/ingest,
 * /export, /munchkin, /t/ and the GraphQL body check; the GraphQL context takes its 401 and
 * 503 from it too). A code decides the status (the registry of src/domain/errors.ts); every
 * 503 carries `Retry-After: RETRY_AFTER_SECONDS`; the body is `{ code, message }`.
 */

/** What every 503 asks a client to wait before it tries again (the database, a busy slot, a shutdown). */
export const RETRY_AFTER_SECONDS = 5;

/** A request the edge refuses itself, before or instead of a service: 404, 405, 401, 403, 415... */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    /** Headers the refusal needs (Allow, WWW-Authenticate, Retry-After of a rate limit). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** How a refused request is answered: its status, code, message and headers. */
export interface Refusal {
  status: number;
  code: HttpErrorCode;
  message: string;
  headers: Record<string, string>;
}

/** The HTTP status of a code. */
export function statusOf(code: HttpErrorCode): number {
  return Object.hasOwn(ERROR_STATUS, code)
    ? ERROR_STATUS[code as keyof typeof ERROR_STATUS]
    : TRANSPORT_ERROR_STATUS[code as keyof typeof TRANSPORT_ERROR_STATUS];
}

/** The refusal of `code`; a 503 gets its Retry-After here, the one place that sets it. */
export function refusal(
  code: HttpErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Refusal {
  const status = statusOf(code);
  return {
    status,
    code,
    message,
    headers: status === 503 ? { ...headers, 'retry-after': String(RETRY_AFTER_SECONDS) } : headers,
  };
}

/** Whether `error` is zlib's (a gzip body cut short, or not gzip at all). */
function isGzipError(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code).startsWith('Z_');
}

/**
 * The refusal an error stands for, or null for an unexpected one (answered 500 by its route,
 * and logged): the edge's own refusals, domain errors, ingest errors (their codes), a
 * workspace with all its export slots taken, a body that is not gzip, and a database that
 * does not answer.
 */
export function refusalOf(error: unknown): Refusal | null {
  if (error instanceof HttpError) return refusal(error.code, error.message, error.headers);
  if (
    error instanceof DomainError ||
    error instanceof UploadError ||
    error instanceof ExportsBusyError
  ) {
    return refusal(error.code, error.message);
  }
  if (isGzipError(error)) return refusal('BAD_REQUEST', 'The body is not valid gzip');
  if (isDatabaseUnavailable(error)) {
    return refusal('SERVICE_UNAVAILABLE', new DatabaseUnavailableError().message);
  }
  return null;
}

/** The refusal of an unexpected failure: 500, with a message that tells nothing of its cause. */
export function internalError(message: string): Refusal {
  return refusal('INTERNAL_ERROR', message);
}

/**
 * Answers a refusal as `{ code, message }`, with its headers and `headers`. `withErrorField`
 * repeats the message as `error`: /ingest and /export answered `{ error, code }` before this
 * rule, and their clients read `error`.
 */
export function sendRefusal(
  res: ServerResponse,
  refused: Refusal,
  options: { headers?: Record<string, string>; withErrorField?: boolean } = {},
): void {
  const body = options.withErrorField
    ? { code: refused.code, message: refused.message, error: refused.message }
    : { code: refused.code, message: refused.message };
  sendJson(res, refused.status, body, { ...refused.headers, ...options.headers });
}

/** Answers a refusal in GraphQL's shape, `{ errors: [{ message, extensions: { code } }] }`. */
export function sendGraphqlRefusal(
  res: ServerResponse,
  refused: Refusal,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    refused.status,
    { errors: [{ message: refused.message, extensions: { code: refused.code } }] },
    { ...refused.headers, ...headers },
  );
}
