/**
 * The Marketo limiter (src/marketo/limiter.ts) on a real PostgreSQL, shared by limiter
 * instances on separate pools as by separate processes: the rate window, calls in flight, the
 * daily budget, Marketo's own 606/615 answers obeyed, and a slot left by a dead holder. The
 * rate window is configured short (a second) where real time passes, and the fake Marketo's
 * clock runs as much faster, so no test waits 20 s; the invariants checked are the same.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../src/db/database.js';
import { MarketoClient } from '../src/marketo/client.js';
import { MarketoQuotaExhaustedError } from '../src/marketo/errors.js';
import { type LimiterSettings, PgMarketoLimiter } from '../src/marketo/limiter.js';
import { marketoDay, nextMarketoDayStart } from '../src/marketo/marketo-day.js';
import { clearTokenCache } from '../src/marketo/tokens.js';
import { configureLogging } from '../src/observability/log.js';
import {
  type FakeMarketo,
  type FakeMarketoOptions,
  type FakeMarketoRequest,
  startFakeMarketo,
} from './helpers/fake-marketo.js';
import { createTestDatabase } from './support/harness.js';

let database: Database;
let databaseUrl: string;
const pools: pg.Pool[] = [];
const fakes: FakeMarketo[] = [];

beforeAll(async () => {
  configureLogging({ logLevel: 'silent', logFormat: 'json' });
  databaseUrl = await createTestDatabase();
  database = await connectDatabase(databaseUrl);
});
afterAll(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
  await database?.close();
});
afterEach(async () => {
  clearTokenCache();
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

/** Another pool on the same database: what a second process would have. */
function processPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  pools.push(pool);
  return pool;
}

async function workspace(): Promise<string> {
  const { rows } = await database.pool.query<{ id: string }>(
    `insert into workspace (name) values ('marketo limiter test') returning id`,
  );
  return rows[0]!.id;
}

async function fakeMarketo(options: FakeMarketoOptions = {}): Promise<FakeMarketo> {
  const fake = await startFakeMarketo(options);
  fakes.push(fake);
  return fake;
}

function clientOf(fake: FakeMarketo, limiter: PgMarketoLimiter): MarketoClient {
  return new MarketoClient({
    credentials: {
      restEndpoint: fake.restEndpoint,
      identityEndpoint: fake.identityEndpoint,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
    },
    limiter,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxWaits: 200 },
  });
}

/** The most requests of `requests` that arrived within any `windowMs` (by their `at`). */
function mostInAnyWindow(requests: readonly FakeMarketoRequest[], windowMs: number): number {
  const times = requests.map((request) => request.at).sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

const settings = (workspaceId: string, more: Partial<LimiterSettings> = {}): LimiterSettings => ({
  workspaceId,
  callsPer20Seconds: 100,
  concurrentCalls: 10,
  dailyCallBudget: 10_000,
  ...more,
});

describe('the Marketo day', () => {
  it('starts at midnight in Chicago, daylight saving time included', () => {
    // Winter (CST, UTC-6) and summer (CDT, UTC-5).
    expect(nextMarketoDayStart(new Date('2026-01-15T12:00:00Z')).toISOString()).toBe(
      '2026-01-16T06:00:00.000Z',
    );
    expect(nextMarketoDayStart(new Date('2026-07-01T12:00:00Z')).toISOString()).toBe(
      '2026-07-02T05:00:00.000Z',
    );
    // The days around the changes of 2026 (March 8, November 1).
    expect(nextMarketoDayStart(new Date('2026-03-07T12:00:00Z')).toISOString()).toBe(
      '2026-03-08T06:00:00.000Z',
    );
    expect(nextMarketoDayStart(new Date('2026-03-08T12:00:00Z')).toISOString()).toBe(
      '2026-03-09T05:00:00.000Z',
    );
    expect(nextMarketoDayStart(new Date('2026-11-01T04:30:00Z')).toISOString()).toBe(
      '2026-11-01T05:00:00.000Z',
    );
    expect(nextMarketoDayStart(new Date('2026-11-01T12:00:00Z')).toISOString()).toBe(
      '2026-11-02T06:00:00.000Z',
    );
    expect(marketoDay(new Date('2026-07-02T04:59:59Z'))).toBe('2026-07-01');
    expect(marketoDay(new Date('2026-07-02T05:00:00Z'))).toBe('2026-07-02');
  });
});

describe('the limiter', () => {
  it('a spent budget throws at once until the next Marketo day, granting nothing', async () => {
    const workspaceId = await workspace();
    const limiter = new PgMarketoLimiter(
      database.pool,
      settings(workspaceId, { dailyCallBudget: 2 }),
    );
    for (let i = 0; i < 2; i++) {
      await limiter.release(await limiter.acquire({ timeoutMs: 1000 }), true);
    }
    const error = await limiter.acquire({ timeoutMs: 1000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MarketoQuotaExhaustedError);
    expect((error as MarketoQuotaExhaustedError).reason).toBe('DAILY_BUDGET');
    const { rows } = await database.pool.query(
      'select now() as now, count(*)::int as slots from marketo_limiter_slot where workspace_id = $1',
      [workspaceId],
    );
    expect(rows[0].slots).toBe(2);
    expect((error as MarketoQuotaExhaustedError).resetsAt.toISOString()).toBe(
      nextMarketoDayStart(rows[0].now).toISOString(),
    );
    expect(await limiter.usage()).toEqual({ callsToday: 2, inFlight: 0 });
  });

  it('a slot given back unsent is uncounted', async () => {
    const workspaceId = await workspace();
    const limiter = new PgMarketoLimiter(
      database.pool,
      settings(workspaceId, { dailyCallBudget: 1 }),
    );
    await limiter.release(await limiter.acquire({ timeoutMs: 1000 }), false);
    await limiter.release(await limiter.acquire({ timeoutMs: 1000 }), true);
    expect(await limiter.usage()).toEqual({ callsToday: 1, inFlight: 0 });
  });

  it('never grants more than concurrentCalls at once across two pools', async () => {
    const workspaceId = await workspace();
    const limiters = [processPool(), processPool()].map(
      (pool) => new PgMarketoLimiter(pool, settings(workspaceId, { concurrentCalls: 3 })),
    );
    let held = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const limiter = limiters[i % 2]!;
        const slot = await limiter.acquire({ timeoutMs: 10_000 });
        held++;
        peak = Math.max(peak, held);
        await new Promise((resolve) => setImmediate(resolve));
        held--;
        await limiter.release(slot, true);
      }),
    );
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(0);
    expect((await limiters[0]!.usage()).callsToday).toBe(24);
  });

  it("a dead holder's slot stays in flight until it expires, then frees", async () => {
    const workspaceId = await workspace();
    const doomedPool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    const doomed = new PgMarketoLimiter(
      doomedPool,
      settings(workspaceId, { concurrentCalls: 1, slotGraceMs: 0 }),
    );
    const lost = await doomed.acquire({ timeoutMs: 400 });
    // The holder dies: its connections go, its slot is never released.
    await doomedPool.end();
    const survivor = new PgMarketoLimiter(
      processPool(),
      settings(workspaceId, { concurrentCalls: 1, slotGraceMs: 0 }),
    );
    const slot = await survivor.acquire({ timeoutMs: 1000 });
    const { rows } = await database.pool.query<{ id: string; started_at: Date; expires_at: Date }>(
      'select id, started_at, expires_at from marketo_limiter_slot where id in ($1, $2)',
      [lost.id, slot.id],
    );
    const dead = rows.find((row) => row.id === lost.id)!;
    const next = rows.find((row) => row.id === slot.id)!;
    expect(next.started_at.getTime()).toBeGreaterThanOrEqual(dead.expires_at.getTime());
    await survivor.release(slot, true);
  });

  it('606 from Marketo pauses every process of the workspace for the window', async () => {
    const workspaceId = await workspace();
    const first = new PgMarketoLimiter(processPool(), settings(workspaceId, { windowMs: 500 }));
    const second = new PgMarketoLimiter(processPool(), settings(workspaceId, { windowMs: 500 }));
    await first.backOff('606');
    const slot = await second.acquire({ timeoutMs: 1000 });
    const { rows } = await database.pool.query<{ ok: boolean }>(
      `select s.started_at >= p.paused_until as ok
       from marketo_limiter_slot s join marketo_limiter_pause p using (workspace_id)
       where s.id = $1`,
      [slot.id],
    );
    expect(rows[0]!.ok).toBe(true);
    await second.release(slot, true);
  });
});

describe('the limiter with the client and the fake Marketo', () => {
  it('share stricter than the fake: no window or moment ever sees more than the share, across two processes', async () => {
    const windowMs = 1000;
    const fake = await fakeMarketo({
      latencyMs: 20,
      leads: [{ email: 'a@example.com' }],
      lists: [{ id: 1001, name: 'L' }],
    });
    const [lead] = fake.leads();
    const workspaceId = await workspace();
    const clients = [processPool(), processPool()].map((pool) =>
      clientOf(
        fake,
        new PgMarketoLimiter(
          pool,
          settings(workspaceId, { callsPer20Seconds: 4, concurrentCalls: 2, windowMs }),
        ),
      ),
    );
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => clients[i % 2]!.addToList(1001, [lead!.id])),
    );
    expect(outcomes.every((out) => out[0]?.status === 'added')).toBe(true);
    const rest = fake.requests.filter((request) => request.operation !== 'identity');
    expect(rest).toHaveLength(20);
    expect(mostInAnyWindow(rest, windowMs)).toBeLessThanOrEqual(4);
    expect(fake.peakInFlight).toBeLessThanOrEqual(2);
    expect(rest.flatMap((request) => request.errorCodes)).toEqual([]);
  }, 60_000);

  it('fake stricter than the share: the client obeys 606 and 615 and completes', async () => {
    // The fake's clock runs 10 times faster: its 20 s window is 2 s here.
    const origin = Date.now();
    const fake = await fakeMarketo({
      now: () => origin + (Date.now() - origin) * 10,
      callsPer20Seconds: 4,
      concurrentCalls: 2,
      latencyMs: 30,
      leads: [{ email: 'a@example.com' }],
      lists: [{ id: 1001, name: 'L' }],
    });
    const [lead] = fake.leads();
    const workspaceId = await workspace();
    const client = clientOf(
      fake,
      new PgMarketoLimiter(
        database.pool,
        settings(workspaceId, { windowMs: 2000, concurrencyBackoffMs: 20 }),
      ),
    );
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => client.addToList(1001, [lead!.id])),
    );
    expect(outcomes.every((out) => out[0]?.status === 'added')).toBe(true);
    const codes = fake.requests.flatMap((request) => request.errorCodes);
    expect(codes).toContain('615');
    expect(codes).toContain('606');
    const applied = fake.requests.filter(
      (request) => request.operation === 'addToList' && request.errorCodes.length === 0,
    );
    expect(applied).toHaveLength(12);
  }, 60_000);
});
