import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';

const ALLOWED = 'https://app.example';
const OTHER = 'https://evil.example';

let t: TestApp;
let unset: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  [t, unset] = await Promise.all([
    startTestApp({ config: { corsOrigins: [ALLOWED, 'http://localhost:5173'] } }),
    startTestApp(),
  ]);
  ws = await t.workspace();
});
afterAll(async () => {
  await t?.close();
  await unset?.close();
});

/** Each endpoint's preflight and a real request from `origin`, on `app`. */
async function fromOrigin(app: TestApp, origin: string) {
  const preflight = (path: string, method: string) =>
    fetch(`${app.url}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization, content-type',
      },
    });
  const auth = { origin, authorization: `Bearer ${ws.token}` };
  return {
    graphqlPreflight: await preflight('/graphql', 'POST'),
    graphql: await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    }),
    streamPreflight: await preflight('/graphql/stream', 'PUT'),
    ingestPreflight: await preflight('/ingest/leads', 'POST'),
    ingest: await fetch(`${app.url}/ingest/leads`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'cors@example.com\n',
    }),
    exportPreflight: await preflight('/export/lists/none/members', 'GET'),
    // A list that does not exist: the 404 is readable by an allowed origin too.
    export: await fetch(`${app.url}/export/lists/none/members`, { headers: auth }),
  };
}

describe('CORS_ORIGINS', () => {
  it('answers an allowed origin with its headers on every endpoint, preflights included', async () => {
    const answers = await fromOrigin(t, ALLOWED);
    for (const [name, res] of Object.entries(answers)) {
      expect(res.headers.get('access-control-allow-origin'), name).toBe(ALLOWED);
      expect(res.headers.get('access-control-allow-credentials'), name).toBe('true');
    }
    expect(answers.ingestPreflight.headers.get('access-control-allow-headers')).toContain(
      'authorization',
    );
    expect(answers.graphql.status).toBe(200);
    expect(answers.ingest.status).toBe(200);
    expect(answers.export.status).toBe(404);
  });

  it('gives any other origin no CORS headers at all', async () => {
    for (const answers of [await fromOrigin(t, OTHER), await fromOrigin(unset, ALLOWED)]) {
      for (const [name, res] of Object.entries(answers)) {
        expect(res.headers.get('access-control-allow-origin'), name).toBeNull();
        expect(res.headers.get('access-control-allow-credentials'), name).toBeNull();
      }
    }
  });

  it('refuses a value that is not a list of origins', () => {
    expect(
      loadConfig({ CORS_ORIGINS: ' https://a.example ,http://b.example:8080' }).corsOrigins,
    ).toEqual(['https://a.example', 'http://b.example:8080']);
    for (const bad of ['https://a.example/path', 'a.example', 'ftp://a.example', '*']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(ConfigError);
    }
  });
});
