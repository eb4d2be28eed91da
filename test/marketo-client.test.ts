/**
 * The Marketo REST client (src/marketo/client.ts) against the fake Marketo, with its limiter
 * on a real PostgreSQL: tokens (reuse, expiry, refusal), timeouts, the envelope and its codes,
 * record outcomes in input order, batch and URL limits, and the daily budget.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../src/db/database.js';
import {
  type MarketoCallEvent,
  MarketoClient,
  type MarketoClientOptions,
} from '../src/marketo/client.js';
import {
  MarketoAuthError,
  MarketoListNotFoundError,
  MarketoQuotaExhaustedError,
  MarketoRequestError,
  MarketoUnreachableError,
  MarketoValidationError,
} from '../src/marketo/errors.js';
import { type LimiterSettings, PgMarketoLimiter } from '../src/marketo/limiter.js';
import { nextMarketoDayStart } from '../src/marketo/marketo-day.js';
import { clearTokenCache } from '../src/marketo/tokens.js';
import { configureLogging } from '../src/observability/log.js';
import {
  type FakeMarketo,
  type FakeMarketoOptions,
  startFakeMarketo,
} from './helpers/fake-marketo.js';
import { createTestDatabase } from './support/harness.js';

let database: Database;
let pool: pg.Pool;
const fakes: FakeMarketo[] = [];

beforeAll(async () => {
  configureLogging({ logLevel: 'silent', logFormat: 'json' });
  database = await connectDatabase(await createTestDatabase());
  pool = database.pool;
});
afterAll(async () => {
  await database?.close();
});
afterEach(async () => {
  clearTokenCache();
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function workspace(): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `insert into workspace (name) values ('marketo client test') returning id`,
  );
  return rows[0]!.id;
}

async function fakeMarketo(options: FakeMarketoOptions = {}): Promise<FakeMarketo> {
  const fake = await startFakeMarketo(options);
  fakes.push(fake);
  return fake;
}

interface Setup {
  fake: FakeMarketo;
  client: MarketoClient;
  events: MarketoCallEvent[];
  workspaceId: string;
  limiter: PgMarketoLimiter;
}

async function setup(
  options: {
    fake?: FakeMarketoOptions;
    limiter?: Partial<LimiterSettings>;
    client?: Partial<MarketoClientOptions>;
    clientSecret?: string;
  } = {},
): Promise<Setup> {
  const fake = await fakeMarketo(options.fake);
  const workspaceId = await workspace();
  const limiter = new PgMarketoLimiter(pool, {
    workspaceId,
    callsPer20Seconds: 100,
    concurrentCalls: 10,
    dailyCallBudget: 10_000,
    ...options.limiter,
  });
  const events: MarketoCallEvent[] = [];
  const client = new MarketoClient({
    credentials: {
      restEndpoint: fake.restEndpoint,
      identityEndpoint: fake.identityEndpoint,
      clientId: fake.clientId,
      clientSecret: options.clientSecret ?? fake.clientSecret,
    },
    limiter,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    onCall: (event) => events.push(event),
    ...options.client,
  });
  return { fake, client, events, workspaceId, limiter };
}

const restRequests = (fake: FakeMarketo) =>
  fake.requests.filter((request) => request.operation !== 'identity');

describe('tokens', () => {
  it('reuses one token across many calls, sent only as a Bearer header', async () => {
    const { fake, client } = await setup({
      fake: { leads: [{ email: 'a@example.com' }], lists: [{ id: 1001, name: 'L' }] },
    });
    const [lead] = fake.leads();
    await Promise.all(Array.from({ length: 12 }, () => client.addToList(1001, [lead!.id])));
    for (let i = 0; i < 5; i++) await client.findLeadsByEmail(['a@example.com']);
    expect(fake.calls('identity')).toBe(1);
    const rest = restRequests(fake);
    expect(rest).toHaveLength(17);
    for (const request of rest) {
      expect(request.headers.authorization).toBe(`Bearer ${fake.issuedTokens()[0]}`);
      expect(request.url).not.toContain('access_token');
    }
  });

  it('an expiry mid-sequence costs exactly one identity call and the call succeeds', async () => {
    const { fake, client } = await setup({
      fake: { leads: [{ email: 'a@example.com' }], lists: [{ id: 1001, name: 'L' }] },
    });
    const [lead] = fake.leads();
    await client.addToList(1001, [lead!.id]);
    expect(fake.calls('identity')).toBe(1);
    fake.expireTokens();
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => client.addToList(1001, [lead!.id])),
    );
    expect(outcomes.every((out) => out[0]?.status === 'added')).toBe(true);
    expect(fake.calls('identity')).toBe(2);
    expect(restRequests(fake).some((request) => request.errorCodes.includes('602'))).toBe(true);
  });

  it('a second 601 after a fresh token is an auth failure', async () => {
    const { fake, client } = await setup({ fake: { lists: [{ id: 1001, name: 'L' }] } });
    fake.failNext('addToList', 601, 2);
    await expect(client.addToList(1001, [5])).rejects.toBeInstanceOf(MarketoAuthError);
    expect(fake.calls('identity')).toBe(2);
    expect(fake.calls('addToList')).toBe(2);
  });

  it('identity 401: checkCredentials fails as auth, with one request and no secret in sight', async () => {
    const secret = 'wrong-secret-value-1234';
    const { fake, client, events } = await setup({ clientSecret: secret });
    const error = await client.checkCredentials().then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(MarketoAuthError);
    expect(String((error as Error).message)).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.operation).toBe('identity');
    expect(events).toEqual([expect.objectContaining({ endpoint: 'identity', outcome: 'auth' })]);
    // A REST call with refused credentials sends no REST request.
    await expect(client.addToList(1001, [1])).rejects.toBeInstanceOf(MarketoAuthError);
    expect(restRequests(fake)).toHaveLength(0);
  });

  it('checkCredentials succeeds with one identity request and nothing else', async () => {
    const { fake, client } = await setup();
    await client.checkCredentials();
    expect(fake.requests.map((request) => request.operation)).toEqual(['identity']);
  });

  it('identity that does not answer within the timeout is unreachable', async () => {
    const { fake, client } = await setup({ client: { timeouts: { identityMs: 300 } } });
    fake.hangNext('identity');
    const error = await client.checkCredentials().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MarketoUnreachableError);
    expect((error as MarketoUnreachableError).code).toBe('TIMEOUT');
    expect((error as Error).message).not.toContain(fake.clientSecret);
  });

  it('a port that takes the connection and never answers is unreachable', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const workspaceId = await workspace();
      const client = new MarketoClient({
        credentials: {
          restEndpoint: `http://127.0.0.1:${port}/rest`,
          identityEndpoint: `http://127.0.0.1:${port}/identity`,
          clientId: 'id',
          clientSecret: 'silent-secret-abcdef',
        },
        limiter: new PgMarketoLimiter(pool, {
          workspaceId,
          callsPer20Seconds: 10,
          concurrentCalls: 2,
          dailyCallBudget: 100,
        }),
        timeouts: { identityMs: 300 },
      });
      const error = await client.checkCredentials().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MarketoUnreachableError);
      expect((error as Error).message).not.toContain('silent-secret-abcdef');
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('limits and codes', () => {
  it('607 is QuotaExhausted until the next Marketo day', async () => {
    const { fake, client } = await setup({ fake: { lists: [{ id: 1001, name: 'L' }] } });
    fake.setDailyCallsUsed(50_000);
    const error = await client.addToList(1001, [1]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MarketoQuotaExhaustedError);
    expect((error as MarketoQuotaExhaustedError).reason).toBe('MARKETO_QUOTA');
    expect((error as MarketoQuotaExhaustedError).resetsAt.getTime()).toBe(
      nextMarketoDayStart(new Date()).getTime(),
    );
    expect(fake.calls('addToList')).toBe(1);
  });

  it('a spent budget is QuotaExhausted without calling Marketo', async () => {
    const { fake, client } = await setup({
      fake: { lists: [{ id: 1001, name: 'L' }] },
      limiter: { dailyCallBudget: 2 },
    });
    await client.addToList(1001, [1]);
    await client.addToList(1001, [2]);
    const before = fake.requests.length;
    const error = await client.addToList(1001, [3]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MarketoQuotaExhaustedError);
    expect((error as MarketoQuotaExhaustedError).reason).toBe('DAILY_BUDGET');
    expect(fake.requests).toHaveLength(before);
  });

  it('a spent budget sends not even the identity request', async () => {
    const { fake, client } = await setup({ limiter: { dailyCallBudget: 0 } });
    await expect(client.staticListByName('X')).rejects.toBeInstanceOf(MarketoQuotaExhaustedError);
    expect(fake.requests).toHaveLength(0);
  });

  it('transient answers are retried with backoff; a refused request is not', async () => {
    const { fake, client, events } = await setup({
      fake: { leads: [{ email: 'a@example.com' }], lists: [{ id: 1001, name: 'L' }] },
    });
    const [lead] = fake.leads();
    fake.failNext('addToList', 604);
    fake.failNext('addToList', 502);
    fake.failNext('addToList', { httpStatus: 200, body: '<html>proxy</html>' });
    fake.failNext('addToList', { code: 713 });
    const outcomes = await client.addToList(1001, [lead!.id]);
    expect(outcomes).toEqual([{ status: 'added', id: lead!.id, reasons: [] }]);
    expect(fake.calls('addToList')).toBe(5);
    expect(events.filter((event) => event.outcome === 'retry').map((event) => event.code)).toEqual([
      '604',
      'HTTP 502',
      'NOT_JSON',
      '713',
    ]);

    fake.failNext('addToList', 609);
    const error = await client.addToList(1001, [lead!.id]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MarketoRequestError);
    expect((error as MarketoRequestError).code).toBe('609');
    expect(fake.calls('addToList')).toBe(6);
  });

  it('transient answers past the attempts are unreachable', async () => {
    const { fake, client } = await setup({
      fake: { lists: [{ id: 1001, name: 'L' }] },
      client: { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
    });
    fake.failNext('addToList', 608, 5);
    await expect(client.addToList(1001, [1])).rejects.toBeInstanceOf(MarketoUnreachableError);
    expect(fake.calls('addToList')).toBe(3);
  });

  it('a create whose answer is lost is not sent again', async () => {
    const { fake, client } = await setup();
    fake.failNext('createStaticList', 'resetAfterApply');
    await expect(client.createStaticList('Once', 12)).rejects.toBeInstanceOf(
      MarketoUnreachableError,
    );
    expect(fake.calls('createStaticList')).toBe(1);
    expect(fake.listByName('Once')).toBeDefined();
    expect((await client.staticListByName('Once'))?.id).toBe(fake.listByName('Once')!.id);
  });

  it('301 records or ids are refused before anything is sent', async () => {
    const { fake, client } = await setup();
    const ids = Array.from({ length: 301 }, (_, i) => i + 1);
    await expect(client.addToList(1001, ids)).rejects.toBeInstanceOf(MarketoValidationError);
    await expect(client.removeFromList(1001, ids)).rejects.toBeInstanceOf(MarketoValidationError);
    await expect(
      client.findLeadsByEmail(ids.map((i) => `${i}@example.com`)),
    ).rejects.toBeInstanceOf(MarketoValidationError);
    await expect(
      client.syncLeads(ids.map((i) => ({ email: `${i}@example.com` }))),
    ).rejects.toBeInstanceOf(MarketoValidationError);
    await expect(client.addToList(1001, [1.5])).rejects.toBeInstanceOf(MarketoValidationError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('calls', () => {
  it('findLeadsByEmail with 300 long emails sends no URL over 8 KB and finds them all', async () => {
    const emails = Array.from(
      { length: 300 },
      (_, i) =>
        `someone.with.a.rather.long.address+tag${String(i).padStart(4, '0')}@subdomain.example.com`,
    );
    const { fake, client } = await setup({
      fake: { leads: emails.map((email, i) => ({ email, firstName: `F${i}`, lastName: 'L' })) },
    });
    // As a GET query this would pass 8 KB.
    expect(
      Buffer.byteLength(new URLSearchParams({ filterValues: emails.join(',') }).toString()),
    ).toBeGreaterThan(8192);
    const leads = await client.findLeadsByEmail(emails);
    expect(leads).toHaveLength(300);
    expect(new Set(leads.map((lead) => lead.email))).toEqual(new Set(emails));
    expect(leads[0]).toEqual(
      expect.objectContaining({ id: expect.any(Number), firstName: expect.any(String) }),
    );
    for (const request of fake.requests) expect(request.urlBytes).toBeLessThan(8192);
    expect(fake.requestsFor('getLeads')).toHaveLength(1);
    expect(fake.requestsFor('getLeads')[0]!.method).toBe('POST');
  });

  it('findLeadsByEmail pages through every match', async () => {
    const { fake, client } = await setup({
      fake: {
        leads: Array.from({ length: 350 }, (_, i) => ({
          email: i < 320 ? 'shared@example.com' : `x${i}@example.com`,
        })),
      },
    });
    const leads = await client.findLeadsByEmail(['shared@example.com', 'x330@example.com']);
    expect(leads).toHaveLength(321);
    expect(fake.requestsFor('getLeads')).toHaveLength(2);
  });

  it('syncLeads answers each record in input order', async () => {
    const { fake, client } = await setup({ fake: { leads: [{ email: 'old@example.com' }] } });
    const outcomes = await client.syncLeads([
      { email: 'new@example.com', firstName: 'N', lastName: 'Ew' },
      { email: 'old@example.com', firstName: 'O' },
      { email: 'bad@example.com', unknownField: 'x' },
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['created', 'updated', 'skipped']);
    expect(outcomes[0]!.id).toBe(fake.leadsByEmail('new@example.com')[0]!.id);
    expect(outcomes[2]!.reasons[0]!.code).toBe('1006');
    const request = fake.requestsFor('syncLeads')[0]!;
    expect(JSON.parse(request.body)).toEqual(
      expect.objectContaining({ action: 'createOrUpdate', lookupField: 'email' }),
    );
  });

  it('adds and removes with per-id outcomes; 300 large ids stay under 8 KB', async () => {
    const { fake, client } = await setup({
      fake: {
        leads: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
        lists: [{ id: 1001, name: 'L' }],
      },
    });
    const [a, b] = fake.leads();
    const added = await client.addToList(1001, [a!.id, 999_999]);
    expect(added).toEqual([
      { status: 'added', id: a!.id, reasons: [] },
      { status: 'skipped', id: 999_999, reasons: [{ code: '1004', message: 'Lead not found' }] },
    ]);
    const removed = await client.removeFromList(1001, [b!.id, a!.id]);
    expect(
      removed.map((outcome) => [outcome.id, outcome.status, outcome.reasons[0]?.code]),
    ).toEqual([
      [b!.id, 'skipped', '1015'],
      [a!.id, 'removed', undefined],
    ]);
    expect(fake.listMembers(1001)).toEqual([]);
    const big = Array.from({ length: 300 }, (_, i) => 2_147_483_000 - i);
    const outcomes = await client.removeFromList(1001, big);
    expect(outcomes).toHaveLength(300);
    expect(outcomes.every((outcome, i) => outcome.id === big[i])).toBe(true);
    for (const request of fake.requests) expect(request.urlBytes).toBeLessThan(8192);
  });

  it('an unknown list is MarketoListNotFoundError on membership calls', async () => {
    const { client } = await setup();
    await expect(client.addToList(4242, [1])).rejects.toBeInstanceOf(MarketoListNotFoundError);
    await expect(client.removeFromList(4242, [1])).rejects.toBeInstanceOf(MarketoListNotFoundError);
    await expect(client.listMembers(4242)).rejects.toBeInstanceOf(MarketoListNotFoundError);
  });

  it('lists every member of a list page by page', async () => {
    const emails = Array.from({ length: 650 }, (_, i) => `m${i}@example.com`);
    const { fake, client } = await setup({
      fake: {
        leads: emails.map((email) => ({ email })),
        lists: [{ id: 1001, name: 'L', members: emails }],
      },
    });
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of client.allListMembers(1001)) {
      pages.push(page.length);
      seen.push(...page.map((lead) => String(lead.email)));
    }
    expect(pages).toEqual([300, 300, 50]);
    expect(seen).toEqual(emails);
    expect(fake.requestsFor('listMembers')).toHaveLength(3);
    expect(fake.requestsFor('listMembers')[0]!.params.fields).toEqual(['id,email']);
  });

  it('finds static lists by id and name, null when missing, and creates one in a folder', async () => {
    const { fake, client } = await setup({
      fake: { folders: [{ id: 40, name: 'Audiences' }], lists: [{ id: 1001, name: 'Lions' }] },
    });
    expect((await client.staticListById(1001))?.name).toBe('Lions');
    expect(await client.staticListById(9999)).toBeNull();
    expect((await client.staticListByName('Lions'))?.id).toBe(1001);
    expect(await client.staticListByName('Tigers')).toBeNull();
    const created = await client.createStaticList('Tigers & "Bears"', 40);
    expect(created).toEqual(
      expect.objectContaining({ name: 'Tigers & "Bears"', folder: { id: 40, type: 'Folder' } }),
    );
    expect(fake.list(created.id)?.folder.id).toBe(40);
    const request = fake.requestsFor('createStaticList')[0]!;
    expect(request.contentType).toContain('application/x-www-form-urlencoded');
    expect(request.params.folder).toEqual(['{"id":40,"type":"Folder"}']);
    const duplicate = await client
      .createStaticList('Tigers & "Bears"', 40)
      .catch((caught: unknown) => caught);
    expect(duplicate).toBeInstanceOf(MarketoRequestError);
    expect((duplicate as MarketoRequestError).code).toBe('709');
    await expect(client.createStaticList('Elsewhere', 77)).rejects.toMatchObject({ code: '710' });
  });

  it('reports every exchange to onCall', async () => {
    const { fake, client, events } = await setup({ fake: { lists: [{ id: 1001, name: 'L' }] } });
    fake.failNext('addToList', 611);
    await client.addToList(1001, [1]);
    expect(events.map((event) => [event.endpoint, event.outcome, event.code])).toEqual([
      ['identity', 'ok', null],
      ['addToList', 'retry', '611'],
      ['addToList', 'ok', null],
    ]);
  });
});
