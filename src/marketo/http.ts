/**
 * One HTTP exchange with Marketo, bounded in time and size. Failures are reported as a kind and
 * a short code (`ECONNREFUSED`), never as the underlying error: its message or cause may hold
 * the URL, and the identity URL holds the client secret in its query.
 */

/** The fetch used to reach Marketo: the global one, or one that checks addresses first. */
export type MarketoFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Most bytes of an answer read: Marketo's largest (300 leads of a few fields) are far below. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Aborts the exchange (shutdown); reported as `aborted`. */
  signal?: AbortSignal;
}

export type HttpResult =
  | { kind: 'answer'; status: number; text: string }
  /** No answer within `timeoutMs`, headers and body included. */
  | { kind: 'timeout' }
  /** The connection failed (refused, reset, DNS); `code` is the system code when known. */
  | { kind: 'network'; code: string }
  /** The answer was larger than MAX_ANSWER_BYTES. */
  | { kind: 'too-large' }
  | { kind: 'aborted' };

function systemCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_0-9]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'NETWORK_ERROR';
}

async function readBounded(response: Response): Promise<string | null> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function exchange(fetcher: MarketoFetch, request: HttpRequest): Promise<HttpResult> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  try {
    const response = await fetcher(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      redirect: 'manual',
    });
    const text = await readBounded(response);
    if (text === null) return { kind: 'too-large' };
    return { kind: 'answer', status: response.status, text };
  } catch (error) {
    if (request.signal?.aborted) return { kind: 'aborted' };
    if (timeout.aborted) return { kind: 'timeout' };
    return { kind: 'network', code: systemCode(error) };
  }
}
