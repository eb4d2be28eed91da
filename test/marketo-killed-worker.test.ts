import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../src/db/transaction.js';
import { queueInitialPush } from '../src/marketo/push-queue.js';
import { sealSecret } from '../src/marketo/secrets.js';
import { type FakeMarketo, startFakeMarketo } from './helpers/fake-marketo.js';
import { startTestApp, type TestApp } from './support/harness.js';
import { Seed } from './support/sync-seed.js';
import { waitFor } from './support/util.js';

let t: TestApp;
let fake: FakeMarketo;
const children = new Set<ChildProcess>();

/**
 * A worker process on the test database (test/support/sync-worker-child.ts), started and
 * ready: it runs pushes into Marketo in its background pool.
 */
async function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/sync-worker-child.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: t.databaseUrl,
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
      MARKETO_PUSH_DEBOUNCE_MS: '50',
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[
    Symbol.asyncIterator
  ]();
  for (const expected of ['loaded', 'ready']) {
    if (expected === 'ready') child.stdin?.write('start\n');
    const line = await lines.next();
    if (line.done || line.value !== expected) {
      throw new Error(`worker process said ${line.done ? 'nothing' : line.value}, not ${expected}`);
    }
  }
  return child;
}

beforeAll(async () => {
  // No worker in the test process: only the child processes push.
  t = await startTestApp({ config: { outboundAllowPrivateNetworks: true } });
});
afterAll(async () => {
  for (const child of [...children]) {
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
  fake?.releaseHung();
  await fake?.close();
  await t?.close();
});

describe('a worker killed with SIGKILL mid-push', () => {
  it('is taken over by another: the Marketo list ends exactly right and no lead is created twice', async () => {
    const ws = await t.workspace();
    const seed = new Seed(t.database.pool, ws.id);
    const emails = Array.from({ length: 700 }, (_, i) => `k${i}@example.com`);
    // 100 of them are in Marketo already; the rest are created (CREATE_MISSING).
    fake = await startFakeMarketo({
      lists: [{ name: 'Killed', members: [] }],
      leads: emails.slice(0, 100).map((email) => ({ email })),
    });
    const marketoListId = (fake.listByName('Killed') as { id: number }).id;
    const listId = await seed.list('Killed list');
    for (const email of emails) await seed.listMember(listId, await seed.lead(email), 'MANUAL');
    await t.database.pool.query(
      `insert into marketo_connection (workspace_id, rest_endpoint, identity_endpoint, client_id,
         client_secret_sealed, calls_per20_seconds, concurrent_calls, daily_call_budget, status)
       values ($1, $2, $3, $4, $5, 50, 5, 10000, 'CONNECTED')`,
      [
        ws.id,
        fake.restEndpoint,
        fake.identityEndpoint,
        fake.clientId,
        sealSecret(t.app.config.secretsKey, fake.clientSecret),
      ],
    );
    // The first create is applied in Marketo but never answered: the worker dies holding it.
    fake.failNext('syncLeads', 'hangAfterApply');
    const first = await startWorkerProcess();
    const mirrorId = await withTransaction(t.database.pool, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `insert into marketo_mirror (workspace_id, list_id, marketo_list_id, marketo_list_name, lead_matching, status)
         values ($1, $2, $3, 'Killed', 'CREATE_MISSING', 'ACTIVE') returning id`,
        [ws.id, listId, marketoListId],
      );
      const id = rows[0]?.id as string;
      await queueInitialPush(tx, { id, workspaceId: ws.id, listId });
      return id;
    });
    await fake.waitForHung(1, 30_000);
    expect(fake.leads().length).toBeGreaterThan(100);
    const exited = once(first, 'exit');
    first.kill('SIGKILL');
    await exited;
    const running = await t.database.pool.query<{ status: string }>(
      'select status from marketo_push where mirror_id = $1',
      [mirrorId],
    );
    expect(running.rows.map((row) => row.status)).toEqual(['RUNNING']);

    await startWorkerProcess();
    const ended = await waitFor(
      async () => {
        const { rows } = await t.database.pool.query<{ status: string; added: number }>(
          `select status, added from marketo_push where mirror_id = $1 and status <> 'RUNNING'`,
          [mirrorId],
        );
        return rows[0];
      },
      60_000,
      'the push to be taken over and end',
    );
    expect(ended.status).toBe('SUCCEEDED');
    // Exactly the list here, each email one Marketo lead.
    expect(fake.listMemberEmails(marketoListId).sort()).toEqual([...emails].sort());
    for (const email of emails) expect(fake.leadsByEmail(email)).toHaveLength(1);
    const outbox = await t.database.pool.query(
      'select 1 from marketo_outbox where mirror_id = $1',
      [mirrorId],
    );
    expect(outbox.rowCount).toBe(0);
  });
});
