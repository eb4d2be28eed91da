import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { type Child, freePort, printOutputs, spawnTs } from './support/processes.js';
import { gid, Seed } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

const LoggedLists = graphql(/* GraphQL */ `
  query LoggedLists {
    lists(first: 1) {
      totalCount
    }
  }
`);

const LoggedStart = graphql(/* GraphQL */ `
  mutation LoggedStart($input: StartAudienceSyncInput!) {
    startAudienceSync(input: $input) {
      __typename
      ... on StartAudienceSyncSuccess {
        syncJob {
          id
        }
      }
    }
  }
`);

let t: TestApp;
let ws: TestWorkspace;
let audienceId: string;
const children: Child[] = [];

/** A service process on the test database; its stdout is kept apart from its stderr. */
async function startService(env: Record<string, string>) {
  const child = spawnTs('src/main.ts', [], { DATABASE_URL: t.databaseUrl, PORT: '0', ...env });
  children.push(child);
  let stdout = '';
  child.process.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  return { child, stdout: () => stdout };
}

/** The stdout of a process as the JSON objects of its lines (each line must be one). */
function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The value of one Prometheus sample: `name` with (at least) these labels; undefined if absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) {
      return Number(match[3]);
    }
  }
  return undefined;
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
  const seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  audienceId = await seed.audience('Observed');
});
afterAll(async () => {
  for (const child of children) {
    if (child.process.exitCode === null) child.process.kill('SIGKILL');
  }
  await t?.close();
});

describe('route labels', () => {
  it('give every route the service serves its own label on /metrics, ids taken out', async () => {
    const get = (path: string, init?: RequestInit) => fetch(`${t.url}${path}`, init);
    const html = await (await get('/')).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '/assets/missing.js';
    const responses = await Promise.all([
      get('/index.html'),
      get(asset),
      get('/munchkin/cookie-sync.js'),
      get('/munchkin/v1/cookie-sync', { method: 'POST' }),
      get('/munchkin/v1/form-fill', { method: 'POST' }),
      get('/munchkin/v1/email-click', { method: 'POST' }),
      get('/munchkin/v1/nothing', { method: 'POST' }),
      get('/t/some-token'),
      get('/t/another-token'),
      get('/export/lists/1/members'),
      get('/export/sync-runs/2/changes'),
      get('/nowhere'),
    ]);
    for (const response of responses) await response.arrayBuffer();
    const counts = (body: string) =>
      body.split('\n').filter((line) => line.startsWith('audience_sync_http_requests_total{'));
    const sum = (lines: string[]) =>
      lines.reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
    // Each request is counted once its answer has closed: wait for all 13.
    const text = await waitFor(async () => {
      const body = await (await get('/metrics')).text();
      const served = counts(body).filter((line) => !line.includes('route="/metrics"'));
      return sum(served) >= 1 + responses.length ? body : undefined;
    });
    const count = (route: string) =>
      sum(counts(text).filter((line) => line.includes(`route="${route}"`)));
    expect(count('/')).toBe(2);
    expect(count('/assets/:file')).toBe(1);
    expect(count('/munchkin/cookie-sync.js')).toBe(1);
    expect(count('/munchkin/v1/cookie-sync')).toBe(1);
    expect(count('/munchkin/v1/form-fill')).toBe(1);
    expect(count('/munchkin/v1/email-click')).toBe(1);
    expect(count('/t/:token')).toBe(2);
    expect(count('/export/lists/:id/members')).toBe(1);
    expect(count('/export/sync-runs/:id/changes')).toBe(1);
    // Only what the service does not serve is `other`: an unknown call, an unknown path.
    expect(count('other')).toBe(2);
    expect(text).not.toMatch(/route="\/t\/some-token"|route="\/export\/lists\/1/);
  });
});

describe('logs and metrics of a service process', () => {
  it('logs one JSON line per request and per run, and counts them on /metrics', async () => {
    onTestFailed(() => printOutputs(children));
    // stdout is a pipe here, not a terminal: JSON lines without LOG_FORMAT.
    const { child, stdout } = await startService({ ROLE: 'all', SYNC_DEBOUNCE_MS: '50' });
    const [, url] = await child.waitFor(/GraphiQL at (http:\/\/\S+)\/graphql/, 60_000);
    const headers = { authorization: `Bearer ${ws.token}`, 'content-type': 'application/json' };

    const query = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: print(LoggedLists) }),
    });
    expect(query.status).toBe(200);
    const request = await waitFor(async () =>
      jsonLines(stdout()).find((line) => line.component === 'http' && line.path === '/graphql'),
    );
    expect(request).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'POST',
      path: '/graphql',
      status: 200,
      workspace: ws.id,
    });
    expect(request.durationMs).toEqual(expect.any(Number));

    const upload = await fetch(
      `${url}/ingest/audiences/${gid('Audience', audienceId)}/members?mode=add`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'text/plain' },
        body: `${ecid(1)}\n${ecid(2)}\nnot-an-ecid\n`,
      },
    );
    expect(await upload.json()).toMatchObject({ accepted: 2, rejected: 1 });

    const started = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: print(LoggedStart),
        variables: { input: { audienceId: gid('Audience', audienceId), newListName: 'Observed' } },
      }),
    });
    expect((await started.json()).data.startAudienceSync.__typename).toBe(
      'StartAudienceSyncSuccess',
    );
    const job = await t.database.pool.query<{ id: string }>(
      'select id from sync_job where workspace_id = $1 and audience_id = $2',
      [ws.id, audienceId],
    );
    const syncJobId = job.rows[0]?.id;
    const run = await waitFor(
      async () =>
        jsonLines(stdout()).find((line) => line.component === 'sync' && line.msg === 'sync run'),
      60_000,
      'the run line',
    );
    expect(run).toMatchObject({
      level: 'info',
      job: syncJobId,
      workspace: ws.id,
      trigger: 'INITIAL',
      status: 'SUCCEEDED',
      stats: { audienceSize: 2, listSize: 0 },
    });
    expect(run.run).toEqual(expect.any(String));
    expect(run.durationMs).toEqual(expect.any(Number));
    // One line per run: exactly one for the only run there was.
    expect(jsonLines(stdout()).filter((line) => line.msg === 'sync run')).toHaveLength(1);

    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    const graphqlOk = { method: 'POST', route: '/graphql', status: '200' };
    expect(sample(text, 'audience_sync_http_requests_total', graphqlOk)).toBe(2);
    expect(sample(text, 'audience_sync_http_request_duration_seconds_count', graphqlOk)).toBe(2);
    const members = '/ingest/audiences/:id/members';
    expect(
      sample(text, 'audience_sync_http_requests_total', { route: members, status: '200' }),
    ).toBe(1);
    expect(
      sample(text, 'audience_sync_ingested_rows_total', { endpoint: members, result: 'accepted' }),
    ).toBe(2);
    expect(
      sample(text, 'audience_sync_ingested_rows_total', { endpoint: members, result: 'rejected' }),
    ).toBe(1);
    expect(
      sample(text, 'audience_sync_graphql_operations_total', { type: 'query', outcome: 'ok' }),
    ).toBe(1);
    expect(
      sample(text, 'audience_sync_graphql_operations_total', { type: 'mutation', outcome: 'ok' }),
    ).toBe(1);
    const initialOk = { trigger: 'INITIAL', outcome: 'SUCCEEDED' };
    expect(sample(text, 'audience_sync_sync_runs_total', initialOk)).toBe(1);
    expect(sample(text, 'audience_sync_sync_run_duration_seconds_count', initialOk)).toBe(1);
    expect(sample(text, 'audience_sync_queue_jobs', { state: 'running' })).toEqual(
      expect.any(Number),
    );
    expect(sample(text, 'audience_sync_listen_reconnects_total', {})).toBe(0);

    // Every line the process wrote on stdout is a JSON object (the parse above would throw).
    expect(jsonLines(stdout()).every((line) => typeof line.level === 'string')).toBe(true);
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  }, 120_000);

  it('serves /metrics and its probes on METRICS_PORT in a worker', async () => {
    onTestFailed(() => printOutputs(children));
    const port = await freePort();
    const { child } = await startService({ ROLE: 'worker', METRICS_PORT: String(port) });
    await child.waitFor(/Sync worker running/, 60_000);
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('# TYPE audience_sync_sync_runs_total counter');
    expect(sample(text, 'audience_sync_queue_jobs', { state: 'ready' })).toEqual(
      expect.any(Number),
    );
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  }, 120_000);
});
