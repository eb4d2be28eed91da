import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { type Child, spawnTs } from './support/processes.js';
import { waitFor } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;
const children: Child[] = [];

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(async () => {
  for (const child of children) {
    if (child.process.exitCode === null) child.process.kill('SIGKILL');
  }
  await t?.close();
});

async function startApi(env: Record<string, string> = {}) {
  const api = spawnTs('src/main.ts', [], {
    ROLE: 'api',
    DATABASE_URL: t.databaseUrl,
    PORT: '0',
    ...env,
  });
  children.push(api);
  const [, url] = await api.waitFor(/GraphiQL at (http:\/\/\S+)\/graphql/, 60_000);
  return { api, url };
}

/** Opens a leads upload to `url` and writes its first lines; the body stays open. */
function openUpload(url: string, firstLines: string) {
  const req = request(`${url}/ingest/leads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'text/plain' },
  });
  req.on('error', () => undefined);
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('close', () => setTimeout(() => reject(new Error('closed without an answer')), 100));
  });
  req.write(firstLines);
  return { req, answer };
}

/** Waits until an upload's COPY runs in this test's database. */
function copyRunning() {
  return waitFor(
    async () => {
      const { rows } = await t.database.pool.query(
        `select 1 from pg_stat_activity
          where datname = current_database() and query like 'COPY ingest_stage%'`,
      );
      return rows.length > 0 ? true : undefined;
    },
    20_000,
    'the upload to stream',
  );
}

async function leadsLike(pattern: string): Promise<number> {
  const { rows } = await t.database.pool.query<{ n: number }>(
    'select count(*)::int as n from lead where workspace_id = $1 and email like $2',
    [ws.id, pattern],
  );
  return rows[0].n;
}

describe('SIGTERM during an upload', () => {
  it('lets the upload finish and commit, then exits 0', async () => {
    const { api, url } = await startApi();
    const upload = openUpload(url, 'drained1@example.com\n');
    await copyRunning();
    api.process.kill('SIGTERM');
    await api.waitFor(/SIGTERM: shutting down/);
    upload.req.end('drained2@example.com\n');
    const answer = await upload.answer;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await api.exited).toBe(0);
    expect(await leadsLike('drained%')).toBe(2);
  });

  it('answers 503 with nothing stored when the upload outlasts SHUTDOWN_DRAIN_MS', async () => {
    const { api, url } = await startApi({ SHUTDOWN_DRAIN_MS: '300' });
    const upload = openUpload(url, 'refused1@example.com\n');
    await copyRunning();
    api.process.kill('SIGTERM');
    const answer = await upload.answer;
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'SHUTTING_DOWN' });
    upload.req.destroy();
    expect(await api.exited).toBe(0);
    expect(await leadsLike('refused%')).toBe(0);
  });
});
