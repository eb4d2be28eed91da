import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { checkTarget, RefusedUrlError } from '../net/address-guard.js';

/** A receiver that has not answered within this long has failed the attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** How much of a receiver's answer is read (and discarded) before the connection is closed. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** What one attempt found: the receiver's status, or why there was none. */
export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface SignedMessage {
  url: string;
  secret: string;
  /** The `webhook-id`: the same for every attempt of a delivery. */
  messageId: string;
  payload: string;
}

/**
 * Sends one attempt of a delivery per the Standard Webhooks specification: a POST of the JSON
 * payload with `webhook-id`, `webhook-timestamp` and `webhook-signature` (signed with the
 * `standardwebhooks` library). The host is resolved and checked by the SSRF guard and the
 * connection goes to the checked address; redirects are not followed (a 3xx fails the
 * attempt); a 2xx within `timeoutMs` (DELIVERY_TIMEOUT_MS unless a test says otherwise) of
 * the attempt's start, resolution included, delivers.
 */
export async function sendAttempt(
  message: SignedMessage,
  allowPrivate: boolean,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const tooLate = `no answer within ${timeoutMs / 1000} s`;
  // One deadline for the whole attempt: a lookup that hangs uses up the same 10 s as a
  // receiver that does (the lookup itself cannot be cancelled; its answer is then ignored).
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), timeoutMs);
  });
  let target: Awaited<ReturnType<typeof checkTarget>>;
  try {
    const checked = await Promise.race([checkTarget(message.url, allowPrivate), deadline]);
    if (checked === 'deadline') {
      return { ok: false, status: null, error: tooLate, durationMs: elapsed() };
    }
    target = checked;
  } catch (error) {
    clearTimeout(timer);
    const reason = error instanceof RefusedUrlError ? error.message : String(error);
    return { ok: false, status: null, error: `refused: ${reason}`, durationMs: elapsed() };
  }
  const timestamp = new Date();
  const signature = new StandardWebhook(message.secret).sign(
    message.messageId,
    timestamp,
    message.payload,
  );
  const { url } = target;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = Buffer.from(message.payload);
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<AttemptOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const req = request({
      // The checked address itself: no second lookup can hand back another one.
      host: target.address,
      family: target.family,
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      // TLS checks the certificate against the URL's host name, not the address. An IP
      // host has no name to send (SNI takes names only) and is checked as the address.
      ...(isIP(host) ? {} : { servername: host }),
      headers: {
        host: url.host,
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': 'audience-sync-webhooks',
        'webhook-id': message.messageId,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      agent: false,
    });
    deadline.then(() => finish({ ok: false, status: null, error: tooLate }));
    // Node names the address it connected to ("connect ECONNREFUSED 10.0.0.7:443"); the
    // delivery log shows the URL's host instead, never what the host resolved to.
    req.on('error', (error) =>
      finish({
        ok: false,
        status: null,
        error: error.message.replaceAll(target.address, host),
      }),
    );
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      const done = () => {
        const ok = status >= 200 && status < 300;
        finish({
          ok,
          status,
          error: ok
            ? null
            : status >= 300 && status < 400
              ? `redirect ${status} not followed`
              : `answered ${status}`,
        });
      };
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.end(body);
  });
}
