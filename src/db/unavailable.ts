/**
 * A database that does not answer (stopped, unreachable, or every connection of a pool busy
 * past the acquire timeout) is the one failure a request cannot act on but retry: it is
 * answered 503 by every transport instead of a masked 500 or a hang.
 */

/** Thrown in place of pg's own error when the database did not answer in time. */
export class DatabaseUnavailableError extends Error {
  constructor(readonly cause?: unknown) {
    super('The database is not answering; try again shortly');
    this.name = 'DatabaseUnavailableError';
  }
}

// pg and pg-pool's messages for a connection that could not be had, or an answer that did not
// come, in time. A connection that breaks mid-request is not among them: that request failed
// (500, nothing committed), though the database may well be there for the next one.
const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
  'Query read timeout',
];
// Refused or unroutable connections, and PostgreSQL's "cannot connect now" (starting up,
// shutting down) and "too many connections".
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', '57P03', '53300']);

/** Whether `error` means the database could not be reached or did not answer in time. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (UNAVAILABLE_CODES.has(String((error as { code?: unknown }).code ?? ''))) return true;
  return UNAVAILABLE_MESSAGES.some((message) => error.message.startsWith(message));
}

/** Rejects with DatabaseUnavailableError when `promise` has not settled within `ms`. */
export async function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
