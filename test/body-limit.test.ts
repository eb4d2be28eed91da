import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BEACON_BODY_BYTES } from '../src/http/munchkin/beacon-body.js';
import { MAX_GRAPHQL_BODY_BYTES } from '../src/http/server.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';

/**
 * Bodies sent without Content-Length (chunked) are counted as they arrive: one over the limit
 * is answered 413 long before it has all been sent, and is never held in memory whole.
 */

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(() => t?.close());

const CHUNK = Buffer.alloc(64 * 1024, 'x');
const BODY_BYTES = 24 * 1024 * 1024;

interface ChunkedAnswer {
  status: number | null;
  body: string;
  /** Bytes of body the client had written when it stopped (answer, close or all sent). */
  sent: number;
}

/**
 * POSTs a chunked body of BODY_BYTES (a JSON string that never ends), each 64 KB chunk
 * written once the previous one was taken by the socket; stops writing as soon as the server
 * answers or closes the connection.
 */
function sendChunked(path: string, headers: Record<string, string>): Promise<ChunkedAnswer> {
  return new Promise((resolve) => {
    const req = request(`${t.url}${path}`, { method: 'POST', headers });
    let status: number | null = null;
    let body = '';
    let sent = 0;
    let closed = false;
    const finish = () => resolve({ status, body, sent });
    req.on('response', (res) => {
      status = res.statusCode ?? null;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', finish);
      res.on('error', finish);
    });
    req.on('error', () => {
      closed = true;
      if (status === null) finish();
    });
    req.on('close', () => {
      closed = true;
    });
    const writeNext = () => {
      if (status !== null || closed) return;
      if (sent >= BODY_BYTES) {
        req.end();
        return;
      }
      sent += CHUNK.length;
      req.write(CHUNK, () => setImmediate(writeNext));
    };
    req.write('{"query":"', () => setImmediate(writeNext));
  });
}

/** The peak resident memory of this process since the last reset, in bytes (Linux). */
function peakRss(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) * 1024;
}

describe('bodies are counted as they arrive', () => {
  it('refuses a chunked GraphQL body over the limit with 413 before it is all sent', async () => {
    for (const path of ['/graphql', '/graphql/stream']) {
      // No token: the limit applies before authentication.
      const answer = await sendChunked(path, { 'content-type': 'application/json' });
      expect(answer.status, path).toBe(413);
      expect(JSON.parse(answer.body), path).toMatchObject({
        errors: [
          {
            message: `Request body over ${MAX_GRAPHQL_BODY_BYTES} bytes`,
            extensions: { code: 'PAYLOAD_TOO_LARGE' },
          },
        ],
      });
      expect(answer.sent, path).toBeLessThan(BODY_BYTES);
    }
    // A body within the limit still reaches GraphQL (here: its 401, for want of a token).
    const small = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(MAX_GRAPHQL_BODY_BYTES / 2)}` }),
    });
    expect(small.status).toBe(401);
    const empty = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` },
    });
    // An empty one too: yoga's own answer, not a wait for a body that never comes.
    expect(empty.status).toBe(400);
  });

  it('refuses a chunked beacon body over its limit with 413 before it is all sent', async () => {
    const answer = await sendChunked('/munchkin/v1/form-fill', {
      'content-type': 'text/plain',
      origin: 'https://shop.example',
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: `Body over ${MAX_BEACON_BODY_BYTES} bytes`,
    });
    expect(answer.sent).toBeLessThan(BODY_BYTES);
  });

  it('does not grow by the bodies it refuses: eight chunked 24 MB bodies at once', async () => {
    // The kernel's high-water mark of this process (which runs the server), reset here.
    writeFileSync('/proc/self/clear_refs', '5');
    const before = peakRss();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        sendChunked('/graphql', { 'content-type': 'application/json' }),
      ),
    );
    const grown = peakRss() - before;
    for (const answer of answers) {
      expect(answer.status).toBe(413);
      // The server stopped taking each body a little past its limit, far short of 24 MB.
      expect(answer.sent).toBeLessThan(BODY_BYTES / 4);
    }
    // Held whole, they would weigh 8 x 24 MB (they grew this process by 207 MB when they
    // were). Refused as they come, what remains is the heap's own noise, which varies by
    // Node version (2-29 MB seen): a bound of a third of the whole keeps the two apart.
    expect(grown).toBeLessThan((8 * BODY_BYTES) / 3);
  });
});
