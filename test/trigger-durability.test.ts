import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { type Child, spawnTs } from './support/processes.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;
let jobId: string;
let listId: string;
const children: Child[] = [];

beforeAll(async () => {
  t = await startTestApp({ config: { syncDebounceMs: 50 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  const audience = await seed.audience('Durable');
  await seed.members(audience, [ecid(1), ecid(2)]);
  // A worker process of its own runs the INITIAL run; from then on no worker runs until the
  // test says, and only the child process below writes.
  const initialWorker = await worker();
  const started = await startSync(t, ws.token, {
    audienceId: gid('Audience', audience),
    newListName: 'Durable list',
  });
  const job = startedJob(started);
  jobId = decodeGlobalID(job.id).id;
  listId = decodeGlobalID(job.list.id).id;
  await settled(t, ws.token, jobId);
  await initialWorker.stop();
});
afterAll(async () => {
  for (const child of children) {
    if (child.process.exitCode === null) child.process.kill('SIGKILL');
  }
  await t?.close();
});

/** A worker-only app on the test's database, as a separate worker process would run. */
function worker() {
  return createApp(
    { ...t.app.config, role: 'worker' },
    { database: t.database, worker: { watchdogMs: 500 } },
  );
}

async function associationOf(cookieId: string): Promise<string | undefined> {
  const { rows } = await t.database.pool.query<{ xmin: string }>(
    'select xmin::text from lead_association where workspace_id = $1 and cookie_id = $2',
    [ws.id, cookieId],
  );
  return rows[0]?.xmin;
}

describe('sync triggers', () => {
  it('survive a kill -9 right after the change commits, and the list ends right', async () => {
    await seed.cookieSync(ecid(2), cookie('durable'));
    const api = spawnTs('src/main.ts', [], {
      ROLE: 'api',
      DATABASE_URL: t.databaseUrl,
      PORT: '0',
      SYNC_DEBOUNCE_MS: '50',
    });
    children.push(api);
    const [, url] = await api.waitFor(/GraphiQL at (http:\/\/\S+)\/graphql/, 60_000);
    const answered = fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` },
      body: JSON.stringify({
        query: `mutation($input: AssociateLeadInput!) { associateLead(input: $input) { __typename } }`,
        variables: {
          input: { cookieId: cookie('durable'), email: 'durable@example.com', source: 'FORM_FILL' },
        },
      }),
    }).catch(() => null);
    // The moment the association is visible, the process dies: whatever it had planned to
    // do after its COMMIT never happens.
    const committedIn = await waitFor(() => associationOf(cookie('durable')), 30_000, 'the commit');
    api.process.kill('SIGKILL');
    await api.exited;
    await answered;

    // The trigger is part of the association's own transaction.
    const { rows } = await t.database.pool.query<{ xmin: string }>(
      'select xmin::text from sync_change where workspace_id = $1 and sync_job_id = $2',
      [ws.id, jobId],
    );
    expect(rows.map((row) => row.xmin)).toEqual([committedIn]);

    // A worker started afterwards (a restart) finds the queued run and applies it.
    const restarted = await worker();
    const lead = await waitFor(
      async () => {
        const members = await seed.listMembers(listId);
        return Object.keys(members).length === 1 ? members : undefined;
      },
      20_000,
      'the lead to reach the list',
    );
    expect(Object.values(lead)).toEqual(['SYNC']);
    const job = await settled(t, ws.token, jobId);
    expect(job.lastRun).toMatchObject({ trigger: 'INCREMENTAL', status: 'SUCCEEDED' });
    await restarted.stop();
  });
});
