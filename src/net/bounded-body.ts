import type { IncomingMessage } from 'node:http';

/** Why a body was not read: over its limit, too slow, or the client went away mid-body. */
export type BodyFailure = 'TOO_LARGE' | 'TIMEOUT' | 'CUT_SHORT';

export class BodyReadError extends Error {
  constructor(
    readonly reason: BodyFailure,
    readonly maxBytes: number,
  ) {
    super(
      reason === 'TOO_LARGE'
        ? `Body over ${maxBytes} bytes`
        : reason === 'TIMEOUT'
          ? 'The body did not arrive in time'
          : 'The body was cut short',
    );
    this.name = 'BodyReadError';
  }
}

/**
 * Headers for the answer to a body refused before its end: the connection is closed once the
 * answer is written, so the rest of the body is neither read nor waited for.
 */
export const CLOSE_AFTER_ANSWER = { connection: 'close' } as const;

/**
 * A request body read whole, at most `maxBytes`. The bytes are counted as they arrive, so a
 * body without Content-Length (chunked) is refused as soon as it passes the limit, never held
 * whole; a declared Content-Length over the limit is refused before reading anything. After a
 * refusal the rest is discarded as it comes (not kept) until the answer, sent with
 * CLOSE_AFTER_ANSWER, closes the connection.
 */
export function readBoundedBody(
  req: IncomingMessage,
  maxBytes: number,
  options: { timeoutMs?: number } = {},
): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.reject(new BodyReadError('TOO_LARGE', maxBytes));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (reason: BodyFailure) => {
      cleanup();
      chunks.length = 0;
      req.resume();
      reject(new BodyReadError(reason, maxBytes));
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => fail('TIMEOUT'), options.timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail('TOO_LARGE');
      else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    // A client that goes away mid-body closes the request without 'end'.
    const onCut = () => fail('CUT_SHORT');
    function cleanup() {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onCut);
      req.off('close', onCut);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onCut);
    req.on('close', onCut);
  });
}
