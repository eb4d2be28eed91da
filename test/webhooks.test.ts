import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import {
  cookie,
  gid,
  recordChange,
  Seed,
  settled,
  startedJob,
  startSync,
} from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

/**
 * A receiver on loopback: records every request; `/flaky` answers 500 to the first try of
 * each id; `/gated` records a request at once but answers only when the test opens the gate.
 */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let gate: Promise<void> = Promise.resolve();
let openGate: () => void = () => {};
function closeGate() {
  gate = new Promise((resolve) => {
    openGate = resolve;
  });
}

function startReceiver(): Promise<void> {
  const seenIds = new Set<string>();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const id = String(req.headers['webhook-id']);
      let status = 204;
      if (path.startsWith('/down')) status = 500;
      if (path.startsWith('/flaky') && !seenIds.has(id)) status = 500;
      if (path.startsWith('/redirect')) status = 302;
      // The first try of each id gets no answer at all: the sender's timeout must end it.
      const hang = path.startsWith('/hang') && !seenIds.has(id);
      seenIds.add(id);
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString(), status });
      const answer = () => {
        res.writeHead(status, status === 302 ? { location: `${receiverUrl}/ok` } : {});
        res.end();
      };
      if (path.startsWith('/gated')) gate.then(answer);
      else if (!hang) answer();
    });
  });
  receiver.listen(0, '127.0.0.1');
  return once(receiver, 'listening').then(() => {
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
}

const MAX_ATTEMPTS = 3;
let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;

beforeAll(async () => {
  await startReceiver();
  t = await startTestApp({
    worker: { watchdogMs: 500 },
    background: { retryBaseMs: 200 },
    config: {
      syncDebounceMs: 50,
      outboundAllowPrivateNetworks: true,
      webhookMaxAttempts: MAX_ATTEMPTS,
    },
  });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  for (let n = 1; n <= 4; n++) {
    const lead = await seed.lead(`w${n}@example.com`);
    await seed.cookie(cookie(`w${n}`), lead);
    await seed.cookieSync(ecid(n), cookie(`w${n}`));
  }
});
afterAll(async () => {
  await t?.close();
  receiver?.close();
});

const CreateWebhook = graphql(/* GraphQL */ `
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      __typename
      ...ErrorFields
      ... on CreateWebhookSuccess {
        signingSecret
        webhook {
          id
          url
          events
          description
        }
      }
    }
  }
`);

const TestWebhook = graphql(/* GraphQL */ `
  mutation TestWebhook($input: TestWebhookInput!) {
    testWebhook(input: $input) {
      __typename
      ...ErrorFields
      ... on TestWebhookSuccess {
        delivery {
          id
          status
        }
      }
    }
  }
`);

const DeleteWebhook = graphql(/* GraphQL */ `
  mutation DeleteWebhook($input: DeleteWebhookInput!) {
    deleteWebhook(input: $input) {
      __typename
      ...ErrorFields
      ... on DeleteWebhookSuccess {
        deletedId
      }
    }
  }
`);

const Deliveries = graphql(/* GraphQL */ `
  query WebhookDeliveries {
    webhooks(first: 100) {
      totalCount
      edges {
        node {
          id
          url
          deliveries(first: 100) {
            totalCount
            edges {
              node {
                id
                eventType
                status
                attempts
                responseStatus
                lastError
                deliveredAt
              }
            }
          }
        }
      }
    }
  }
`);

const RunNow = graphql(/* GraphQL */ `
  mutation WebhookRunNow($input: RunSyncJobNowInput!) {
    runSyncJobNow(input: $input) {
      __typename
    }
  }
`);

async function createWebhook(
  app: TestApp,
  token: string,
  url: string,
  events: ('SYNC_RUN_SUCCEEDED' | 'SYNC_RUN_FAILED' | 'MATCH_RATE_DROPPED')[] = [
    'SYNC_RUN_SUCCEEDED',
  ],
) {
  const res = await app.gql(CreateWebhook, { input: { url, events } }, token);
  expect(res.errors).toBeUndefined();
  return res.data.createWebhook;
}

async function created(app: TestApp, token: string, url: string, events?: never[]) {
  const result = await createWebhook(app, token, url, events);
  if (result.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(result));
  return result;
}

/** The deliveries of a webhook as its log shows them. */
async function log(app: TestApp, token: string, webhookId: string) {
  const res = await app.gql(Deliveries, {}, token);
  expect(res.errors).toBeUndefined();
  const hook = res.data.webhooks.edges.find(({ node }) => node.id === webhookId);
  return hook?.node.deliveries.edges.map(({ node }) => node) ?? [];
}

function verify(secret: string, request: Received) {
  return new StandardWebhook(secret).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  }) as { type: string; timestamp: string; data: Record<string, unknown> };
}

const at = (path: string) => received.filter((request) => request.path === path);

describe('webhooks', () => {
  it('delivers a finished run to a loopback receiver, signed per Standard Webhooks', async () => {
    const hook = await created(t, ws.token, `${receiverUrl}/ok`);
    expect(hook.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(hook.webhook).toMatchObject({
      url: `${receiverUrl}/ok`,
      events: ['SYNC_RUN_SUCCEEDED'],
    });
    const audienceId = await seed.audience('Hooked');
    await seed.members(audienceId, [1, 2].map(ecid));
    const job = startedJob(
      await startSync(t, ws.token, { audienceId: gid('Audience', audienceId), newListName: 'W' }),
    );
    const done = await settled(t, ws.token, decodeGlobalID(job.id).id);
    const [request] = await waitFor(async () => (at('/ok').length ? at('/ok') : undefined));
    expect(request.headers['content-type']).toBe('application/json');
    const payload = verify(hook.signingSecret, request);
    expect(payload.type).toBe('sync_run.succeeded');
    expect(Number.isNaN(Date.parse(payload.timestamp))).toBe(false);
    expect(payload.data).toMatchObject({
      syncJobId: job.id,
      runId: done.lastRun?.id,
      trigger: 'INITIAL',
      status: 'SUCCEEDED',
      stats: { matchedLeads: 2, added: 2 },
      error: null,
    });
    // A tampered body does not verify.
    expect(() => verify(hook.signingSecret, { ...request, body: `${request.body} ` })).toThrow();
    const deliveries = await waitFor(async () => {
      const rows = await log(t, ws.token, hook.webhook.id);
      return rows[0]?.status === 'DELIVERED' ? rows : undefined;
    });
    expect(deliveries).toMatchObject([
      { eventType: 'sync_run.succeeded', attempts: 1, responseStatus: 204, lastError: null },
    ]);
  });

  it('retries a receiver that answered 500 once, with the same webhook-id', async () => {
    const hook = await created(t, ws.token, `${receiverUrl}/flaky`);
    const test = await t.gql(TestWebhook, { input: { id: hook.webhook.id } }, ws.token);
    expect(test.data.testWebhook.__typename).toBe('TestWebhookSuccess');
    const requests = await waitFor(async () =>
      at('/flaky').length >= 2 ? at('/flaky') : undefined,
    );
    expect(requests.map((request) => request.status)).toEqual([500, 204]);
    expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(1);
    for (const request of requests) {
      const payload = verify(hook.signingSecret, request);
      expect(payload.type).toBe('webhook.test');
      // The data of every event, null where no run is behind it, and the tested webhook.
      expect(payload.data).toEqual({
        syncJobId: null,
        runId: null,
        trigger: null,
        status: null,
        stats: null,
        error: null,
        webhookId: hook.webhook.id,
      });
    }
    const [delivery] = await waitFor(async () => {
      const rows = await log(t, ws.token, hook.webhook.id);
      return rows[0]?.status === 'DELIVERED' ? rows : undefined;
    });
    expect(delivery).toMatchObject({ attempts: 2, responseStatus: 204 });
    const attempts = await t.database.pool.query<{ attempt: number; response_status: number }>(
      'select attempt, response_status from webhook_attempt where delivery_id = $1 order by attempt',
      [decodeGlobalID(delivery.id).id],
    );
    expect(attempts.rows).toEqual([
      { attempt: 1, response_status: 500 },
      { attempt: 2, response_status: 204 },
    ]);
  });

  it('marks a delivery FAILED after WEBHOOK_MAX_ATTEMPTS failed attempts; redirects count as failures', async () => {
    for (const path of ['/down', '/redirect']) {
      const hook = await created(t, ws.token, `${receiverUrl}${path}`);
      await t.gql(TestWebhook, { input: { id: hook.webhook.id } }, ws.token);
      const [delivery] = await waitFor(async () => {
        const rows = await log(t, ws.token, hook.webhook.id);
        return rows[0]?.status === 'FAILED' ? rows : undefined;
      });
      expect(delivery.attempts).toBe(MAX_ATTEMPTS);
      expect(delivery.deliveredAt).toBeNull();
      const requests = at(path);
      expect(requests).toHaveLength(MAX_ATTEMPTS);
      expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(1);
      if (path === '/redirect') {
        expect(delivery.lastError).toMatch(/redirect 302 not followed/);
        expect(at('/ok').filter((request) => request.body.includes('webhook.test'))).toEqual([]);
      }
    }
  });

  it('announces a full run whose match rate dropped by more than MATCH_RATE_DROP_PERCENT', async () => {
    const hook = await created(t, ws.token, `${receiverUrl}/drop`, [
      'MATCH_RATE_DROPPED',
    ] as never[]);
    const audienceId = await seed.audience('Dropping');
    await seed.members(audienceId, [1, 2, 3, 4].map(ecid));
    const job = startedJob(
      await startSync(t, ws.token, { audienceId: gid('Audience', audienceId), newListName: 'D' }),
    );
    const jobId = decodeGlobalID(job.id).id;
    const first = await settled(t, ws.token, jobId);
    expect(first.lastRun?.stats?.matchedLeads).toBe(4);
    // Four ECIDs nobody is known by: 4 of 8 match, half the rate of the run before.
    await seed.members(audienceId, [101, 102, 103, 104].map(ecid));
    await t.gql(RunNow, { input: { id: job.id } }, ws.token);
    const [request] = await waitFor(async () => (at('/drop').length ? at('/drop') : undefined));
    const payload = verify(hook.signingSecret, request);
    expect(payload.type).toBe('sync_job.match_rate_dropped');
    expect(payload.data).toMatchObject({
      syncJobId: job.id,
      trigger: 'MANUAL',
      status: 'SUCCEEDED',
      matchRate: 0.5,
      previousMatchRate: 1,
      stats: { audienceSize: 8, matchedLeads: 4 },
    });
    // The INITIAL run had nothing to compare with, so this is the only announcement.
    expect(at('/drop')).toHaveLength(1);
  });

  it('announces a run that failed for good, with its error, in the transaction that ends it', async () => {
    const hook = await created(t, ws.token, `${receiverUrl}/failed`, [
      'SYNC_RUN_FAILED',
    ] as never[]);
    const audienceId = await seed.audience('Failing');
    await seed.members(audienceId, [ecid(1)]);
    // Every attempt of this audience's runs fails as it ends.
    await t.database.pool.query(`
      create or replace function fail_hooked_run() returns trigger language plpgsql as $$
      begin raise exception 'the list is on fire'; end $$;
      create trigger fail_hooked_run before update of status on sync_run
        for each row when (new.status = 'SUCCEEDED') execute function fail_hooked_run();`);
    try {
      const job = startedJob(
        await startSync(t, ws.token, { audienceId: gid('Audience', audienceId), newListName: 'F' }),
      );
      const [request] = await waitFor(
        async () => (at('/failed').length ? at('/failed') : undefined),
        40_000,
        'the failure to be announced',
      );
      const payload = verify(hook.signingSecret, request);
      expect(payload.type).toBe('sync_run.failed');
      expect(payload.data).toMatchObject({
        syncJobId: job.id,
        trigger: 'INITIAL',
        status: 'FAILED',
      });
      expect(String(payload.data.error)).toContain('the list is on fire');
      const { rows } = await t.database.pool.query<{ status: string }>(
        'select status from sync_run where id = $1',
        [decodeGlobalID(String(payload.data.runId)).id],
      );
      expect(rows[0].status).toBe('FAILED');
      expect(at('/failed')).toHaveLength(1);
    } finally {
      await t.database.pool.query('drop trigger if exists fail_hooked_run on sync_run');
    }
  }, 60_000);

  it('refuses metadata, link-local, non-http and (without the flag) private URLs with VALIDATION', async () => {
    const strict = await startTestApp();
    try {
      const admin = await strict.workspace();
      for (const url of [
        'http://169.254.169.254/latest/meta-data/',
        'http://[fe80::1]/hook',
        'http://[::ffff:169.254.169.254]/',
        'ftp://example.com/hook',
        'file:///etc/passwd',
        'not a url',
        `${receiverUrl}/ok`,
        'http://localhost:9/hook',
        'http://10.1.2.3/hook',
        'http://192.168.0.10/hook',
        'http://[::1]/hook',
        'http://0.0.0.0/hook',
        'http://100.64.0.1/hook',
        'http://[fc00::1]/hook',
        'http://user:secret@example.com/hook',
        // IPv6 forms that reach 169.254.169.254: NAT64, 6to4, IPv4-translated.
        'http://[64:ff9b::a9fe:a9fe]/',
        'http://[2002:a9fe:a9fe::1]/',
        'http://[::ffff:0:a9fe:a9fe]/',
      ]) {
        const result = await createWebhook(strict, admin.token, url);
        expect(result, url).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
      }
      // Metadata stays refused even where private networks are allowed.
      for (const url of [
        'http://169.254.169.254/',
        'http://[64:ff9b::a9fe:a9fe]/',
        'http://168.63.129.16/',
      ]) {
        const open = await createWebhook(t, ws.token, url);
        expect(open, url).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
      }
      // A host name is refused without a word of what it resolved to.
      expect(await createWebhook(strict, admin.token, 'http://localhost:9/hook')).toMatchObject({
        message: 'input.url: the host localhost does not resolve to a public address',
      });
      const res = await strict.gql(Deliveries, {}, admin.token);
      expect(res.data.webhooks.totalCount).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it('sends a delivery queued while no worker ran once a worker starts', async () => {
    const apiOnly = await startTestApp({ config: { outboundAllowPrivateNetworks: true } });
    const admin = await apiOnly.workspace();
    const hook = await created(apiOnly, admin.token, `${receiverUrl}/later`);
    const test = await apiOnly.gql(TestWebhook, { input: { id: hook.webhook.id } }, admin.token);
    expect(test.data.testWebhook).toMatchObject({ delivery: { status: 'PENDING' } });
    await apiOnly.close();
    expect(at('/later')).toEqual([]);
    const restarted = await startTestApp({
      databaseUrlFor: () => apiOnly.databaseUrl,
      worker: true,
      config: { outboundAllowPrivateNetworks: true },
    });
    try {
      const [request] = await waitFor(async () => (at('/later').length ? at('/later') : undefined));
      expect(verify(hook.signingSecret, request).type).toBe('webhook.test');
      const [delivery] = await waitFor(async () => {
        const rows = await log(restarted, admin.token, hook.webhook.id);
        return rows[0]?.status === 'DELIVERED' ? rows : undefined;
      });
      expect(delivery.attempts).toBe(1);
    } finally {
      await restarted.close();
    }
  });

  it('counts a receiver that does not answer within the timeout as a failed attempt, and retries it', async () => {
    const hasty = await startTestApp({
      worker: true,
      // The contract's 10 s, shortened so the test does not wait for it.
      background: { retryBaseMs: 200, timeoutMs: 3_000 },
      config: { outboundAllowPrivateNetworks: true },
    });
    try {
      const admin = await hasty.workspace();
      const hook = await created(hasty, admin.token, `${receiverUrl}/hang`);
      await hasty.gql(TestWebhook, { input: { id: hook.webhook.id } }, admin.token);
      const [delivery] = await waitFor(async () => {
        const rows = await log(hasty, admin.token, hook.webhook.id);
        return rows[0]?.status === 'DELIVERED' ? rows : undefined;
      });
      expect(delivery).toMatchObject({ attempts: 2, responseStatus: 204 });
      const attempts = await hasty.database.pool.query<{
        attempt: number;
        response_status: number | null;
        error: string | null;
      }>(
        'select attempt, response_status, error from webhook_attempt where delivery_id = $1 order by attempt',
        [decodeGlobalID(delivery.id).id],
      );
      expect(attempts.rows).toEqual([
        { attempt: 1, response_status: null, error: 'no answer within 3 s' },
        { attempt: 2, response_status: 204, error: null },
      ]);
      const requests = at('/hang');
      expect(requests).toHaveLength(2);
      expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(1);
    } finally {
      await hasty.close();
    }
  });

  it('announces a drop of more than MATCH_RATE_DROP_PERCENT only, and never for incremental runs', async () => {
    const other = await t.workspace();
    const otherSeed = new Seed(t.database.pool, other.id);
    await otherSeed.integration();
    for (let n = 1; n <= 7; n++) {
      const lead = await otherSeed.lead(`m${n}@example.com`);
      await otherSeed.cookie(cookie(`m${n}`), lead);
      await otherSeed.cookieSync(ecid(n), cookie(`m${n}`));
    }
    const hook = await created(t, other.token, `${receiverUrl}/boundary`, [
      'MATCH_RATE_DROPPED',
    ] as never[]);
    /** The MATCH_RATE_DROPPED deliveries queued for a run (they commit with the run's end). */
    const dropsOf = async (runId: string | undefined) => {
      const { rows } = await t.database.pool.query<{ payload: string }>(
        'select payload from webhook_delivery where webhook_id = $1',
        [decodeGlobalID(hook.webhook.id).id],
      );
      return rows
        .map((row) => JSON.parse(row.payload) as { data: Record<string, unknown> })
        .filter((payload) => payload.data.runId === runId);
    };
    /** A job over `matched` known ECIDs (rate 1), then a MANUAL run with `unknown` more. */
    const dropTo = async (name: string, matched: number, unknown: number) => {
      const audienceId = await otherSeed.audience(name);
      await otherSeed.members(
        audienceId,
        Array.from({ length: matched }, (_, i) => ecid(i + 1)),
      );
      const job = startedJob(
        await startSync(t, other.token, {
          audienceId: gid('Audience', audienceId),
          newListName: name,
        }),
      );
      const jobId = decodeGlobalID(job.id).id;
      const first = await settled(t, other.token, jobId);
      expect(first.lastRun?.stats).toMatchObject({ audienceSize: matched, matchedLeads: matched });
      await otherSeed.members(
        audienceId,
        Array.from({ length: unknown }, (_, i) => ecid(900 + i)),
      );
      await t.gql(RunNow, { input: { id: job.id } }, other.token);
      const done = await waitFor(async () => {
        const settledJob = await settled(t, other.token, jobId);
        return settledJob.lastRun?.id !== first.lastRun?.id ? settledJob : undefined;
      });
      expect(done.lastRun).toMatchObject({ trigger: 'MANUAL', status: 'SUCCEEDED' });
      return { audienceId, jobId, runId: done.lastRun?.id };
    };
    // 4 of 5: exactly 20 % below the rate of 1 before, which is not more than 20 %.
    const atLimit = await dropTo('At the limit', 4, 1);
    expect(await dropsOf(atLimit.runId)).toEqual([]);
    // 7 of 9: 22 % below.
    const over = await dropTo('Over the limit', 7, 2);
    const [drop, ...more] = await dropsOf(over.runId);
    expect(more).toEqual([]);
    expect(drop.data).toMatchObject({ matchRate: 7 / 9, previousMatchRate: 1 });
    // An incremental run that takes three of the four matched leads off the first list: its
    // rate falls to 1 of 5, and it is still not announced.
    await otherSeed.removeMembers(atLimit.audienceId, [1, 2, 3].map(ecid));
    await recordChange(t, {
      workspaceId: other.id,
      kind: 'AUDIENCE_MEMBERS',
      audienceIds: [atLimit.audienceId],
      ecids: [1, 2, 3].map(ecid),
    });
    const incremental = await waitFor(async () => {
      const job = await settled(t, other.token, atLimit.jobId);
      return job.lastRun?.id !== atLimit.runId ? job.lastRun : undefined;
    });
    expect(incremental).toMatchObject({
      trigger: 'INCREMENTAL',
      status: 'SUCCEEDED',
      stats: { audienceSize: 5, matchedLeads: 1 },
    });
    expect(await dropsOf(incremental?.id)).toEqual([]);
  });

  it('shows a delivery’s new state at once with the response cache on', async () => {
    const cached = await startTestApp({
      worker: true,
      config: {
        outboundAllowPrivateNetworks: true,
        responseCacheMaxEntries: 1000,
        // Far longer than the wait below: only a change announcement can refresh the answer.
        responseCacheTtlMs: 600_000,
      },
    });
    closeGate();
    try {
      const admin = await cached.workspace();
      const hook = await created(cached, admin.token, `${receiverUrl}/gated`);
      await cached.gql(TestWebhook, { input: { id: hook.webhook.id } }, admin.token);
      // The attempt is under way and held by the receiver: the log says PENDING, and that
      // answer is now in the cache.
      await waitFor(async () => (at('/gated').length ? true : undefined));
      expect(await log(cached, admin.token, hook.webhook.id)).toMatchObject([
        { status: 'PENDING', attempts: 0 },
      ]);
      expect(await log(cached, admin.token, hook.webhook.id)).toMatchObject([
        { status: 'PENDING', attempts: 0 },
      ]);
      openGate();
      const [delivery] = await waitFor(
        async () => {
          const rows = await log(cached, admin.token, hook.webhook.id);
          return rows[0]?.status === 'DELIVERED' ? rows : undefined;
        },
        20_000,
        'the delivery log to show the delivery',
      );
      expect(delivery).toMatchObject({ attempts: 1, responseStatus: 204 });
    } finally {
      openGate();
      await cached.close();
    }
  });

  it('needs the admin scope and hides other workspaces’ webhooks', async () => {
    const hook = await created(t, ws.token, `${receiverUrl}/scoped`);
    const readWrite = await ws.tokenWith(['read', 'write']);
    const denied = await t.gql(Deliveries, {}, readWrite);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const create = await createWebhook(t, readWrite, `${receiverUrl}/x`);
    expect(create).toMatchObject({ __typename: 'ForbiddenError' });
    const other = await t.workspace();
    const foreign = await t.gql(DeleteWebhook, { input: { id: hook.webhook.id } }, other.token);
    expect(foreign.data.deleteWebhook).toMatchObject({ __typename: 'NotFoundError' });
    const deleted = await t.gql(DeleteWebhook, { input: { id: hook.webhook.id } }, ws.token);
    expect(deleted.data.deleteWebhook).toMatchObject({ deletedId: hook.webhook.id });
    const gone = await t.gql(TestWebhook, { input: { id: hook.webhook.id } }, ws.token);
    expect(gone.data.testWebhook).toMatchObject({ __typename: 'NotFoundError' });
  });

  it('folds a test of a webhook whose test is still pending into that test', async () => {
    closeGate();
    try {
      const hook = await created(t, ws.token, `${receiverUrl}/gated-fold`);
      const id = JSON.stringify(hook.webhook.id);
      // Sixteen aliases in one request (mutations run one after the other).
      const aliases = Array.from(
        { length: 16 },
        (_, n) =>
          `t${n}: testWebhook(input: { id: ${id} }) { ... on TestWebhookSuccess { delivery { id status } } }`,
      );
      const res = await t.gql<Record<string, { delivery: { id: string; status: string } }>, never>(
        `mutation { ${aliases.join('\n')} }`,
        undefined,
        ws.token,
      );
      expect(res.errors).toBeUndefined();
      const ids = new Set(Object.values(res.data).map((result) => result.delivery.id));
      expect(ids.size).toBe(1);
      expect(Object.values(res.data)[15].delivery.status).toBe('PENDING');
      await waitFor(async () => (at('/gated-fold').length ? true : undefined));
      openGate();
      const [delivered] = await waitFor(async () => {
        const rows = await log(t, ws.token, hook.webhook.id);
        return rows[0]?.status === 'DELIVERED' ? rows : undefined;
      });
      expect(ids).toEqual(new Set([delivered.id]));
      expect(at('/gated-fold')).toHaveLength(1);
      // Once the test is over, the next one is a new delivery.
      const again = await t.gql(TestWebhook, { input: { id: hook.webhook.id } }, ws.token);
      expect(again.data.testWebhook).toMatchObject({ delivery: { status: 'PENDING' } });
      const next = again.data.testWebhook as { delivery: { id: string } };
      expect(next.delivery.id).not.toBe(delivered.id);
    } finally {
      openGate();
    }
  });

  it('keeps the deliveries of a workspace whose receivers never answer from holding up another workspace', async () => {
    // Receivers that accept every request and never answer it. `open` holds the requests
    // under way, by path (which names the workspace).
    const open = new Map<IncomingMessage, string>();
    let mostAtSilent1 = 0;
    let mostOfA = 0;
    const silent = [0, 1].map(() =>
      createServer((req) => {
        open.set(req, `${req.url}`);
        req.socket.on('close', () => open.delete(req));
        const paths = [...open.values()];
        mostAtSilent1 = Math.max(mostAtSilent1, paths.filter((p) => p.startsWith('/s1')).length);
        mostOfA = Math.max(mostOfA, paths.filter((p) => p.includes('/a')).length);
      }),
    );
    const silentUrls: string[] = [];
    for (const server of silent) {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      silentUrls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
    const isolated = await startTestApp({
      worker: true,
      // Far longer than the test needs: an attempt to a silent receiver ends only with it.
      background: { timeoutMs: 20_000 },
      config: { outboundAllowPrivateNetworks: true },
    });
    try {
      const [a, b, c] = [
        await isolated.workspace(),
        await isolated.workspace(),
        await isolated.workspace(),
      ];
      const hooks = async (token: string, urls: string[]) => {
        const ids: string[] = [];
        for (const url of urls) ids.push((await created(isolated, token, url)).webhook.id);
        return ids;
      };
      // A: six webhooks, three on each silent receiver; C: three on the first one.
      const aHooks = await hooks(a.token, [
        ...[1, 2, 3].map((n) => `${silentUrls[0]}/s1/a${n}`),
        ...[1, 2, 3].map((n) => `${silentUrls[1]}/s2/a${n}`),
      ]);
      const cHooks = await hooks(
        c.token,
        [1, 2, 3].map((n) => `${silentUrls[0]}/s1/c${n}`),
      );
      const testAll = async (token: string, ids: string[]) => {
        const aliases = ids.map(
          (id, n) => `t${n}: testWebhook(input: { id: ${JSON.stringify(id)} }) { __typename }`,
        );
        const res = await isolated.gql(`mutation { ${aliases.join('\n')} }`, undefined, token);
        expect(res.errors).toBeUndefined();
      };
      await testAll(a.token, aHooks);
      await testAll(c.token, cHooks);
      await waitFor(async () => (open.size >= 2 ? true : undefined), 20_000, 'silent attempts');

      // B's receiver answers at once.
      const bHook = (await created(isolated, b.token, `${receiverUrl}/isolated`)).webhook.id;
      await isolated.gql(TestWebhook, { input: { id: bHook } }, b.token);
      const flooded = await isolated.database.pool.query<{ id: string }>(
        'select id from webhook_delivery where workspace_id = any($1::bigint[])',
        [[a.id, c.id]],
      );
      expect(flooded.rows).toHaveLength(9);
      // Whichever comes first: B's delivery, or the end of any attempt at a silent receiver.
      await waitFor(
        async () => {
          const ended = await isolated.database.pool.query(
            'select 1 from webhook_attempt where delivery_id = any($1::bigint[])',
            [flooded.rows.map((row) => row.id)],
          );
          if ((ended.rowCount ?? 0) > 0) return true;
          const rows = await log(isolated, b.token, bHook);
          return rows[0]?.status === 'DELIVERED' ? true : undefined;
        },
        40_000,
        "B's delivery or the end of a silent attempt",
      );
      expect(await log(isolated, b.token, bHook)).toMatchObject([
        { status: 'DELIVERED', attempts: 1, responseStatus: 204 },
      ]);
      const pending = await isolated.database.pool.query<{ status: string; attempts: number }>(
        'select status, attempts from webhook_delivery where id = any($1::bigint[])',
        [flooded.rows.map((row) => row.id)],
      );
      expect(pending.rows.every((row) => row.status === 'PENDING' && row.attempts === 0)).toBe(
        true,
      );
      // At most WEBHOOK_IN_FLIGHT_PER_WORKSPACE of A's, and WEBHOOK_IN_FLIGHT_PER_RECEIVER at
      // one receiver, were ever under way at once.
      expect(mostOfA).toBeGreaterThan(0);
      expect(mostOfA).toBeLessThanOrEqual(isolated.app.config.webhookInFlightPerWorkspace);
      expect(mostAtSilent1).toBeLessThanOrEqual(isolated.app.config.webhookInFlightPerReceiver);
    } finally {
      // The silent receivers go away: the attempts under way fail at once and the worker stops.
      for (const server of silent) {
        server.closeAllConnections();
        server.close();
      }
      await isolated.close();
    }
  }, 90_000);
});
