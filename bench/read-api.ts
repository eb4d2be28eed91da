import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { MikroORM } from '@mikro-orm/postgresql';
import { decodeGlobalID } from '@pothos/plugin-relay';
import {
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { createApp } from '../src/app.js';
import { hashToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/database.js';
import { ormConfig } from '../src/db/orm-config.js';
import { ApiToken } from '../src/entities/api-token.js';
import { SyncJob } from '../src/entities/sync-job.js';
import type { BenchContext, Figure } from './context.js';
import { POSTGRAPHILE5_VERSION, postgraphile5Peer } from './postgraphile5-peer.js';
import { readTreeCpuMs, samplePeakRss } from './rss.js';
import {
  freePort,
  PROJECT_ROOT,
  type ServerProcess,
  startServerProcess,
  track,
} from './server-process.js';

/**
 * Section 4: the read API under load. autocannon runs as its own process (so the load
 * generator's CPU and memory are not the server's) at 50 connections against
 *  - the dashboard query on our server (sync jobs with audience, list and last-run stats,
 *    50 per page),
 *  - `{ __typename }` on our server (auth, plugins and yoga, no resolver work),
 *  - `{ __typename }` on a bare yoga server with a one-field schema (the peer baseline).
 * SQL statements per dashboard request are counted exactly on an in-process server whose
 * request pool counts every statement, over a few sequential requests.
 */

export const CONNECTIONS = 50;

/** The read peer the dashboard's goal is set against, by the version its package pins. */
const POSTGRAPHILE5 = `PostGraphile ${POSTGRAPHILE5_VERSION} (V4 preset, Node >= 22)`;
const TRIVIAL = '{ __typename }';

interface LoadResult {
  requestsPerSecond: number;
  /** Server CPU time (user + system) per completed request: immune to a busy machine's waits. */
  cpuMsPerRequest?: number | null;
  /** The same over the first sequential requests after load (see cpuPerRequest). */
  cpuMsAfterLoad?: number | null;
  /** Server CPU time over the load itself, per completed request. */
  cpuMsUnderLoad?: number | null;
  p50Ms: number;
  p99Ms: number;
  total: number;
  errors: number;
  non2xx: number;
}

/** The dashboard selection, keeping only the fields the schema has today. */
const DASHBOARD_SHAPE: Shape = {
  id: true,
  status: true,
  createdAt: true,
  nextRunAt: true,
  audience: { id: true, name: true, externalId: true, folder: { id: true, path: true } },
  list: { id: true, name: true },
  lastRun: {
    id: true,
    trigger: true,
    status: true,
    phase: true,
    startedAt: true,
    finishedAt: true,
    error: true,
    stats: {
      audienceSize: true,
      ecidsWithCookie: true,
      ecidsWithLead: true,
      ecidsWithoutCookie: true,
      ecidsAnonymousOnly: true,
      matchedLeads: true,
      listSize: true,
      added: true,
      removed: true,
    },
  },
};
const AUDIENCES_SHAPE: Shape = {
  id: true,
  name: true,
  externalId: true,
  createdAt: true,
  folder: { id: true, name: true, path: true },
};

type Shape = { [field: string]: true | Shape };

function selection(type: GraphQLObjectType, shape: Shape): string {
  const fields = type.getFields();
  const parts: string[] = [];
  for (const [name, sub] of Object.entries(shape)) {
    const field: GraphQLField<unknown, unknown> | undefined = fields[name];
    if (!field || field.args.some((arg) => isNonNullType(arg.type))) continue;
    const named = getNamedType(field.type);
    if (sub === true && isLeafType(named)) parts.push(name);
    else if (sub !== true && isObjectType(named)) {
      const inner = selection(named, sub);
      if (inner) parts.push(`${name} { ${inner} }`);
    }
  }
  return parts.join(' ');
}

/**
 * The query a dashboard sends: `syncJobs` when the sync schema is there, otherwise the
 * closest query that exists (audiences with their folder), so the section still measures.
 */
export function dashboardQuery(schema: GraphQLSchema): { name: string; query: string } {
  const root = schema.getQueryType()!.getFields();
  for (const [field, shape, name] of [
    ['syncJobs', DASHBOARD_SHAPE, 'syncJobs(first: 50) with audience, folder, list, lastRun stats'],
    ['audiences', AUDIENCES_SHAPE, 'audiences(first: 50) with folder (syncJobs not in the schema)'],
  ] as const) {
    const connection = root[field] && getNamedType(root[field].type);
    if (!connection || !isObjectType(connection)) continue;
    const edge = getNamedType(connection.getFields().edges?.type);
    const node = isObjectType(edge) && getNamedType(edge.getFields().node.type);
    if (!node || !isObjectType(node)) continue;
    const total = connection.getFields().totalCount ? 'totalCount ' : '';
    return {
      name,
      query: `query Dashboard { ${field}(first: 50) { ${total}pageInfo { hasNextPage endCursor } edges { cursor node { ${selection(node, shape)} } } } }`,
    };
  }
  return {
    name: 'workspace with its integration (no connection query in the schema)',
    query: 'query Dashboard { workspace { id name hipaaReady experienceCloud { imsOrgId } } }',
  };
}

function autocannonBin(): string {
  return createRequire(import.meta.url).resolve('autocannon/autocannon.js');
}

/** Runs autocannon as a child process; parses its --json summary. */
export async function loadTest(options: {
  url: string;
  body: string;
  token?: string;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const args = [
    autocannonBin(),
    '--json',
    '-c',
    String(options.connections),
    '-d',
    String(options.seconds),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    ...(options.token ? ['-H', `authorization=Bearer ${options.token}`] : []),
    '-b',
    options.body,
    options.url,
  ];
  const child = track(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), (options.seconds + 30) * 1000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(killer);
  if (code !== 0) throw new Error(`autocannon exited with ${code}: ${stderr.slice(-500)}`);
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
  };
  return {
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    // No completed request has no latency (autocannon would report 0).
    p50Ms: result.requests.total > 0 ? result.latency.p50 : Number.NaN,
    p99Ms: result.requests.total > 0 ? result.latency.p99 : Number.NaN,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function postGraphql(url: string, query: string, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length) {
    throw new Error(`${response.status} ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  }
  return body.data as Record<string, { edges?: unknown[] } | undefined>;
}

/**
 * A peer server (bench/<script>) in its own process on a free port, ready once `probe`
 * answers: bare yoga, PostGraphile, the plain-SQL floor. `node` is the binary that runs it
 * (PostGraphile 5 needs a newer one than the bench's own).
 */
async function startPeer(
  role: string,
  script: string,
  env: Record<string, string>,
  probe: (url: string) => Promise<unknown>,
  node = process.execPath,
): Promise<ServerProcess> {
  const port = await freePort();
  const child = track(
    spawn(node, ['--import', 'tsx', script], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  let lastError = '';
  for (let i = 0; i < 600; i++) {
    try {
      await probe(url);
      return { url, port, pid: child.pid!, role, output: () => output, stop };
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${role} did not start: ${lastError}; ${output.slice(-500)}`);
}

/** A bare yoga server with a one-field schema, in its own process: the peer baseline. */
function startBareYoga(): Promise<ServerProcess> {
  return startPeer('bare-yoga', 'bench/bare-yoga.ts', {}, (url) =>
    postGraphql(url, '{ __typename }'),
  );
}

/**
 * The dashboard's data through PostGraphile 4's generated schema (and PostGraphile 5's V4
 * preset, which makes the same): the same page of sync jobs (by primary key) with audience,
 * folder, list and the latest run.
 */
export function postgraphileDashboardQuery(workspaceId: string): string {
  return `query Dashboard { allSyncJobs(first: 50, orderBy: PRIMARY_KEY_ASC, condition: { workspaceId: "${workspaceId}" }) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      id status createdAt nextRunAt
      audienceByAudienceId { id name externalId audienceFolderByFolderId { id path } }
      staticListByListId { id name }
      syncRunsBySyncJobId(first: 1, orderBy: ID_DESC) { nodes { id trigger status phase startedAt finishedAt error stats } }
    } } } }`;
}

/** Sync job ids of a dashboard answer, whichever server gave it (ours are global ids). */
function jobIds(body: unknown): string[] {
  const data = (body as { data?: Record<string, { edges?: { node: { id: string } }[] }> }).data;
  const edges = Object.values(data ?? {})[0]?.edges ?? [];
  return edges.map(({ node }) =>
    /^\d+$/.test(String(node.id)) ? String(node.id) : decodeGlobalID(node.id).id,
  );
}

async function postJson(url: string, query: string, token?: string): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (!response.ok || body.errors?.length) {
    throw new Error(`${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body;
}

/** Statements per dashboard request, counted on an in-process server on the same database. */
async function statementsPerRequest(
  ctx: BenchContext,
  query: string,
  requests: number,
): Promise<number> {
  let count = 0;
  const database = await connectDatabase(ctx.databaseUrl, { poolSize: 4 });
  const poolQuery = database.pool.query.bind(database.pool) as (...args: unknown[]) => unknown;
  database.pool.query = ((...args: unknown[]) => {
    count++;
    return poolQuery(...args);
  }) as typeof database.pool.query;
  const config = {
    ...loadConfig({}),
    databaseUrl: ctx.databaseUrl,
    logLevel: 'silent' as const,
    role: 'api' as const,
    port: 0,
    // The statements of the uncached path: a cached answer costs none.
    responseCacheMaxEntries: 0,
  };
  const app = await createApp(config, { database });
  const url = app.url as string;
  try {
    await postGraphql(url, query, ctx.dataset.token);
    const before = count;
    for (let i = 0; i < requests; i++) await postGraphql(url, query, ctx.dataset.token);
    return Math.round(((count - before) / requests) * 10) / 10;
  } finally {
    await app.stop();
    await database.close();
  }
}

/** CPU ms per call of `fn`, after a warm-up, in this process. */
async function cpuPerCall(fn: () => Promise<unknown>, calls: number): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) await fn();
  const used = process.cpuUsage(before);
  return Math.round(((used.user + used.system) / 1000 / calls) * 1000) / 1000;
}

/**
 * Where a page's CPU goes: the dashboard's first read (51 sync jobs) through MikroORM, next to
 * the same SELECT on the raw pg pool, and likewise the per-request token lookup. The service
 * itself reads and writes only through pg pools; the bench opens an ORM of its own to compare.
 */
async function ormOverhead(ctx: BenchContext) {
  const orm = await MikroORM.init(ormConfig(ctx.databaseUrl));
  try {
    return await ormAgainstPool(orm, ctx);
  } finally {
    await orm.close(true);
  }
}

async function ormAgainstPool(orm: MikroORM, ctx: BenchContext) {
  const { pool } = ctx.database;
  const workspace = ctx.dataset.workspaceId;
  const tokenHash = hashToken(ctx.dataset.token);
  const page = await cpuPerCall(
    () => orm.em.fork().find(SyncJob, { workspace }, { limit: 51, orderBy: { id: 'asc' } }),
    100,
  );
  const pageRaw = await cpuPerCall(
    () =>
      pool.query('select * from sync_job where workspace_id = $1 order by id limit 51', [
        workspace,
      ]),
    100,
  );
  const token = await cpuPerCall(
    () =>
      orm.em
        .fork()
        .findOne(
          ApiToken,
          { tokenHash, revokedAt: null },
          { fields: ['id', 'workspace', 'scopes'], disableIdentityMap: true },
        ),
    100,
  );
  const tokenRaw = await cpuPerCall(
    () =>
      pool.query(
        'select id, workspace_id, scopes from api_token where token_hash = $1 and revoked_at is null',
        [tokenHash],
      ),
    100,
  );
  return { page, pageRaw, token, tokenRaw };
}

/** One server answering the dashboard's data in the alternating rounds. */
interface DashboardTarget {
  name: string;
  server: ServerProcess;
  query: string;
  token?: string;
  /** Several processes: their RSS is not one figure (the primary's alone would mislead). */
  processes: number;
  rounds: LoadResult[];
  cpuMsPerRequest?: number | null;
  cpuMsAfterLoad?: number | null;
}

const median = (values: number[]) => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The goals of the dashboard figures (issue 11). */
export const DASHBOARD_GOALS = {
  uncachedVsPostgraphile: 2,
  uncachedVsFloor: 0.6,
  uncachedP99Ms: 100,
  uncachedCpuMs: 2,
  cachedRequestsPerSecond: 2_000,
  cachedP99Ms: 50,
};

export async function measureReadApi(ctx: BenchContext): Promise<Figure[]> {
  const { schema } = await import('../src/schema/index.js');
  const dashboard = dashboardQuery(schema);
  const token = ctx.dataset.token;
  const server = ctx.server;
  // Small scales only prove the section runs (CI); the full run measures 8 s per target and
  // round, three rounds, the targets alternating within each round.
  const seconds = ctx.scale >= 0.5 ? 8 : ctx.scale >= 0.1 ? 4 : 3;
  const roundCount = ctx.scale >= 0.5 ? 3 : 2;
  const sequential = ctx.scale >= 0.1 ? 300 : 30;
  const settling = ctx.scale >= 0.1 ? 200 : 10;

  const warmUp = async (target: { url: string }, query: string, auth?: string) => {
    const url = `${target.url}/graphql`;
    const body = JSON.stringify({ query });
    if (ctx.scale >= 0.1) await loadTest({ url, body, token: auth, connections: 10, seconds: 2 });
    else for (let i = 0; i < 10; i++) await postJson(target.url, query, auth);
  };
  const perRequest = (before: number | null, after: number | null, requests: number) =>
    before !== null && after !== null && requests > 0
      ? Math.round(((after - before) / requests) * 100) / 100
      : null;
  // A primary counts with its api processes.
  const load = async (target: { url: string; pid: number }, query: string, auth?: string) => {
    const before = readTreeCpuMs(target.pid);
    const result = await loadTest({
      url: `${target.url}/graphql`,
      body: JSON.stringify({ query }),
      token: auth,
      connections: CONNECTIONS,
      seconds,
    });
    result.cpuMsUnderLoad = perRequest(before, readTreeCpuMs(target.pid), result.total);
    return result;
  };
  // CPU per request over sequential requests: exact whatever else runs on the machine (under
  // load, requests still in flight at the end would blur it). Counted once the first
  // `settling` requests after the load have run: those pay for what the load left behind (a
  // V8 heap of a few hundred MB of garbage, collected by the next major GC, with slower
  // scavenges until then): about twice a settled request's CPU in the runs bench/README.md
  // quotes. Their figure is kept as `afterLoad`.
  const cpuPerRequest = async (
    target: { url: string; pid: number },
    query: string,
    auth?: string,
  ) => {
    const start = readTreeCpuMs(target.pid);
    for (let i = 0; i < settling; i++) await postJson(target.url, query, auth);
    const settled = readTreeCpuMs(target.pid);
    for (let i = 0; i < sequential; i++) await postJson(target.url, query, auth);
    const end = readTreeCpuMs(target.pid);
    return {
      afterLoad: perRequest(start, settled, settling),
      settled: perRequest(settled, end, sequential),
    };
  };
  const measure = async (target: { url: string; pid: number }, query: string, auth?: string) => {
    await warmUp(target, query, auth);
    const result = await load(target, query, auth);
    const cpu = await cpuPerRequest(target, query, auth);
    result.cpuMsPerRequest = cpu.settled;
    result.cpuMsAfterLoad = cpu.afterLoad;
    return result;
  };

  const reference = jobIds(await postJson(server.url, dashboard.query, token));
  ctx.log(`  dashboard query: ${dashboard.name}; ${reference.length} rows per response`);

  const bare = await startBareYoga();
  let baseline: LoadResult;
  try {
    baseline = await measure(bare, TRIVIAL);
  } finally {
    await bare.stop();
  }
  const summary = (r: LoadResult) =>
    `${r.requestsPerSecond} req/s, p99 ${r.p99Ms} ms, server CPU ${r.cpuMsUnderLoad ?? '-'} ms/request under load` +
    (r.cpuMsPerRequest == null
      ? ''
      : `, ${r.cpuMsPerRequest} ms in sequence (${r.cpuMsAfterLoad ?? '-'} ms right after the load)`);
  ctx.log(`  bare yoga ${TRIVIAL}: ${summary(baseline)}`);

  let rss = samplePeakRss(server.pid);
  const ours = await measure(server, TRIVIAL, token);
  const oursRss = rss.stop();
  ctx.log(`  our ${TRIVIAL}: ${summary(ours)}`);

  // Every dashboard server at once, measured in alternating rounds: the machine's mood
  // changes over a run, and alternating spreads it over all of them alike.
  const workspaceId = ctx.dataset.workspaceId;
  const started: ServerProcess[] = [];
  const ourServer = async (env: Record<string, string>) => {
    const process_ = await startServerProcess({
      databaseUrl: ctx.databaseUrl,
      role: 'api',
      env,
      // Several servers start at once, and on a busy machine each takes a while.
      timeoutMs: 180_000,
    });
    started.push(process_);
    return process_;
  };
  const peer = async (...args: Parameters<typeof startPeer>) => {
    const process_ = await startPeer(...args);
    started.push(process_);
    return process_;
  };
  const targets: Record<string, DashboardTarget> = {};
  let dashboardRss: number | null = null;
  let rounds: Record<string, LoadResult[]> = {};
  /** Why PostGraphile 5 was not measured, when it was not. */
  let pg5Unavailable: string | null = null;
  try {
    const pgQuery = postgraphileDashboardQuery(workspaceId);
    const uncachedEnv = { RESPONSE_CACHE_MAX_ENTRIES: '0' };
    // Started together: on a busy machine each takes many seconds to come up.
    const pg5Node = await postgraphile5Peer();
    const [postgraphile5, postgraphile, floor, uncachedServer, uncachedServer2, cachedServer2] =
      await Promise.all([
        'node' in pg5Node
          ? peer(
              'postgraphile5',
              'bench/peers/postgraphile5/server.ts',
              { DATABASE_URL: ctx.databaseUrl },
              (url) => postJson(url, pgQuery),
              pg5Node.node,
            )
          : null,
        peer(
          'postgraphile',
          'bench/postgraphile-server.ts',
          { DATABASE_URL: ctx.databaseUrl },
          (url) => postJson(url, pgQuery),
        ),
        peer(
          'floor',
          'bench/floor-server.ts',
          { DATABASE_URL: ctx.databaseUrl, WORKSPACE_ID: workspaceId },
          (url) => postJson(url, '{}'),
        ),
        ourServer(uncachedEnv),
        ourServer({ ...uncachedEnv, API_PROCESSES: '2' }),
        ourServer({ API_PROCESSES: '2' }),
      ]);
    if ('unavailable' in pg5Node) {
      pg5Unavailable = pg5Node.unavailable;
      ctx.log(`  PostGraphile 5 unavailable: ${pg5Unavailable}`);
    }
    const define = (
      key: string,
      name: string,
      target: ServerProcess,
      query: string,
      auth?: string,
      processes = 1,
    ) => {
      targets[key] = { name, server: target, query, token: auth, processes, rounds: [] };
    };
    if (postgraphile5) define('postgraphile5', POSTGRAPHILE5, postgraphile5, pgQuery);
    define('postgraphile', 'PostGraphile 4.14.1', postgraphile, pgQuery);
    define('floor', 'plain-SQL floor (node:http + pg, one json_agg)', floor, dashboard.query);
    define('cached', 'ours, response cache on (default)', server, dashboard.query, token);
    define(
      'uncached',
      'ours, RESPONSE_CACHE_MAX_ENTRIES=0',
      uncachedServer,
      dashboard.query,
      token,
    );
    define(
      'uncached2',
      'ours uncached, API_PROCESSES=2',
      uncachedServer2,
      dashboard.query,
      token,
      2,
    );
    define('cached2', 'ours cached, API_PROCESSES=2', cachedServer2, dashboard.query, token, 2);
    // The same data from each: the same sync jobs in the same order.
    for (const target of Object.values(targets)) {
      const ids = jobIds(await postJson(target.server.url, target.query, target.token));
      if (ids.join() !== reference.join()) {
        throw new Error(`${target.name} answers other sync jobs: ${ids.slice(0, 5).join()}...`);
      }
      await warmUp(target.server, target.query, target.token);
    }
    rss = samplePeakRss(server.pid);
    for (let round = 1; round <= roundCount; round++) {
      for (const target of Object.values(targets)) {
        const result = await load(target.server, target.query, target.token);
        target.rounds.push(result);
        ctx.log(`  round ${round}, ${target.name}: ${summary(result)}`);
      }
    }
    for (const target of Object.values(targets)) {
      const cpu = await cpuPerRequest(target.server, target.query, target.token);
      target.cpuMsPerRequest = cpu.settled;
      target.cpuMsAfterLoad = cpu.afterLoad;
    }
    dashboardRss = rss.stop();
    rounds = Object.fromEntries(Object.entries(targets).map(([k, t]) => [k, t.rounds]));
    // The server must still answer correctly after the load (errors under load show as non-2xx).
    await postJson(server.url, dashboard.query, token);
  } finally {
    for (const process_ of started) await process_.stop().catch(() => undefined);
  }

  const statements = await statementsPerRequest(ctx, dashboard.query, 10);
  const orm = await ormOverhead(ctx);
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a != null && b != null && Number.isFinite(a / b) ? Math.round((a / b) * 1000) / 1000 : null;
  const ms = (value: number) => (Number.isNaN(value) ? '-' : `${value} ms`);
  const failures = (r: LoadResult) =>
    r.total === 0
      ? '; no request completed'
      : r.errors + r.non2xx > 0
        ? `; ${r.errors} errors, ${r.non2xx} non-2xx of ${r.total}`
        : '';
  const bareBaseline = (value: number | null | undefined, unit: string) => ({
    name: `bare yoga ${TRIVIAL}`,
    value: value === undefined || Number.isNaN(value) ? null : value,
    unit,
  });
  /** A target's figures over its rounds: median req/s and p99, every round healthy. */
  const of = (key: string) => {
    const target = targets[key];
    const results = rounds[key] ?? [];
    return {
      name: target.name,
      rps: Math.round(median(results.map((r) => r.requestsPerSecond))),
      p99: median(results.map((r) => r.p99Ms)),
      p50: median(results.map((r) => r.p50Ms)),
      cpu: target.cpuMsPerRequest ?? null,
      cpuAfterLoad: target.cpuMsAfterLoad ?? null,
      cpuUnderLoad:
        Math.round(median(results.map((r) => r.cpuMsUnderLoad ?? Number.NaN)) * 100) / 100,
      healthy: results.length > 0 && results.every((r) => r.total > 0 && r.errors + r.non2xx === 0),
      perRound: results.map((r) => `${r.requestsPerSecond}`).join(' / '),
      failures: results.map(failures).filter(Boolean).join(''),
    };
  };
  const pg5 = targets.postgraphile5 ? of('postgraphile5') : null;
  const pg4 = of('postgraphile');
  const floorFig = of('floor');
  const uncached = of('uncached');
  const cached = of('cached');
  const uncached2 = of('uncached2');
  const cached2 = of('cached2');
  const peerBaseline = (fig: ReturnType<typeof of>, value: number | null, unit: string) => ({
    name: fig.name,
    value: value === null || Number.isNaN(value) ? null : value,
    unit,
  });
  const roundsNote = (fig: ReturnType<typeof of>) =>
    `median of ${roundCount} alternating rounds of ${seconds} s at ${CONNECTIONS} connections (req/s per round: ${fig.perRound})${fig.failures}`;
  const G = DASHBOARD_GOALS;
  const vsPg5 = pg5 && ratio(uncached.rps, pg5.rps);
  const vsPg4 = ratio(uncached.rps, pg4.rps);
  /** The peer of the latency and CPU rows: PostGraphile 5, or 4 when 5 could not run. */
  const pg = pg5 ?? pg4;
  const vsFloor = ratio(uncached.rps, floorFig.rps);
  const num = (value: number) => (Number.isNaN(value) ? null : value);
  return [
    pg5
      ? {
          section: 4,
          name: 'Read API: dashboard, uncached, throughput vs PostGraphile',
          value: uncached.rps,
          unit: 'req/s',
          baseline: peerBaseline(pg5, pg5.rps, 'req/s'),
          ratio: vsPg5,
          goal: `>= ${G.uncachedVsPostgraphile}x PostGraphile 5`,
          status:
            uncached.healthy && pg5.healthy && (vsPg5 ?? 0) >= G.uncachedVsPostgraphile
              ? 'met'
              : 'missed',
          peakRssMb: null,
          note: `${dashboard.name}; ours: ${roundsNote(uncached)}; PostGraphile 5: ${roundsNote(pg5)}, p99 ${ms(pg5.p99)}, CPU ${pg5.cpu ?? '-'} ms/request`,
        }
      : {
          section: 4,
          name: 'Read API: dashboard, uncached, throughput vs PostGraphile',
          value: uncached.rps,
          unit: 'req/s',
          baseline: { name: POSTGRAPHILE5, value: null, unit: 'req/s' },
          ratio: null,
          goal: `>= ${G.uncachedVsPostgraphile}x PostGraphile 5`,
          status: 'n/a',
          peakRssMb: null,
          note: `PostGraphile 5 unavailable: ${pg5Unavailable}; ours: ${roundsNote(uncached)}`,
        },
    {
      section: 4,
      name: 'Read API: dashboard, uncached, throughput vs PostGraphile 4',
      value: uncached.rps,
      unit: 'req/s',
      baseline: peerBaseline(pg4, pg4.rps, 'req/s'),
      ratio: vsPg4,
      status: 'n/a',
      peakRssMb: null,
      note: `the previous line, on the bench's Node; PostGraphile 4: ${roundsNote(pg4)}, p99 ${ms(pg4.p99)}, CPU ${pg4.cpu ?? '-'} ms/request`,
    },
    {
      section: 4,
      name: 'Read API: dashboard, uncached, throughput vs the plain-SQL floor',
      value: uncached.rps,
      unit: 'req/s',
      baseline: peerBaseline(floorFig, floorFig.rps, 'req/s'),
      ratio: vsFloor,
      goal: `>= ${G.uncachedVsFloor}x the floor`,
      status:
        uncached.healthy && floorFig.healthy && (vsFloor ?? 0) >= G.uncachedVsFloor
          ? 'met'
          : 'missed',
      peakRssMb: null,
      note: `floor: ${roundsNote(floorFig)}, p99 ${ms(floorFig.p99)}, CPU ${floorFig.cpu ?? '-'} ms/request`,
    },
    {
      section: 4,
      name: 'Read API: dashboard, uncached, p99 latency',
      value: num(uncached.p99),
      unit: 'ms',
      baseline: peerBaseline(pg, pg.p99, 'ms'),
      ratio: ratio(uncached.p99, pg.p99),
      goal: `< ${G.uncachedP99Ms} ms`,
      status: uncached.healthy && uncached.p99 < G.uncachedP99Ms ? 'met' : 'missed',
      peakRssMb: null,
      note: `p50 ${ms(uncached.p50)}; floor p99 ${ms(floorFig.p99)}`,
    },
    {
      section: 4,
      name: 'Read API: dashboard, uncached, server CPU per request (sequential)',
      value: uncached.cpu,
      unit: 'ms',
      baseline: peerBaseline(pg, pg.cpu, 'ms'),
      ratio: ratio(uncached.cpu, pg.cpu),
      goal: `<= ${G.uncachedCpuMs} ms`,
      status: uncached.cpu !== null && uncached.cpu <= G.uncachedCpuMs ? 'met' : 'missed',
      peakRssMb: null,
      note: `user + system time of the server process (/proc/<pid>/stat) over ${sequential} sequential requests, after ${settling} that settle what the load rounds left (those: ${uncached.cpuAfterLoad ?? '-'} ms; ${pg.name} ${pg.cpuAfterLoad ?? '-'} ms); under load, median of the rounds: ${ms(uncached.cpuUnderLoad)} (${pg.name} ${ms(pg.cpuUnderLoad)}, floor ${ms(floorFig.cpuUnderLoad)}); floor ${floorFig.cpu ?? '-'} ms, bare yoga ${TRIVIAL} ${baseline.cpuMsPerRequest ?? '-'} ms; the cached server ${cached.cpu ?? '-'} ms`,
    },
    {
      section: 4,
      name: 'Read API: dashboard, cached, throughput',
      value: cached.rps,
      unit: 'req/s',
      baseline: peerBaseline(floorFig, floorFig.rps, 'req/s'),
      ratio: ratio(cached.rps, floorFig.rps),
      goal: `>= ${G.cachedRequestsPerSecond.toLocaleString('en-US')} req/s`,
      status: cached.healthy && cached.rps >= G.cachedRequestsPerSecond ? 'met' : 'missed',
      peakRssMb: dashboardRss,
      note: `${roundsNote(cached)}; RESPONSE_CACHE_MAX_ENTRIES at its default`,
    },
    {
      section: 4,
      name: 'Read API: dashboard, cached, p99 latency',
      value: num(cached.p99),
      unit: 'ms',
      baseline: peerBaseline(floorFig, floorFig.p99, 'ms'),
      ratio: ratio(cached.p99, floorFig.p99),
      goal: `< ${G.cachedP99Ms} ms`,
      status: cached.healthy && cached.p99 < G.cachedP99Ms ? 'met' : 'missed',
      peakRssMb: dashboardRss,
      note: `p50 ${ms(cached.p50)}`,
    },
    {
      section: 4,
      name: 'Read API: dashboard, uncached, two api processes',
      value: uncached2.rps,
      unit: 'req/s',
      baseline: { name: 'one api process', value: uncached.rps, unit: 'req/s' },
      ratio: ratio(uncached2.rps, uncached.rps),
      status: 'n/a',
      peakRssMb: null,
      note: `API_PROCESSES=2; ${roundsNote(uncached2)}; p99 ${ms(uncached2.p99)} (one process ${ms(uncached.p99)}); CPU ${uncached2.cpu ?? '-'} ms/request over the primary and both api processes`,
    },
    {
      section: 4,
      name: 'Read API: dashboard, cached, two api processes',
      value: cached2.rps,
      unit: 'req/s',
      baseline: { name: 'one api process', value: cached.rps, unit: 'req/s' },
      ratio: ratio(cached2.rps, cached.rps),
      status: 'n/a',
      peakRssMb: null,
      note: `API_PROCESSES=2; ${roundsNote(cached2)}; p99 ${ms(cached2.p99)} (one process ${ms(cached.p99)})`,
    },
    {
      section: 4,
      name: 'Read API: MikroORM find of a page (51 sync jobs), CPU',
      value: orm.page,
      unit: 'ms',
      baseline: { name: 'the same SELECT on the pg pool', value: orm.pageRaw, unit: 'ms' },
      ratio: ratio(orm.page, orm.pageRaw),
      status: 'n/a',
      peakRssMb: null,
      note: `in the bench process, 100 calls each; the per-request token lookup: MikroORM ${orm.token} ms, pg ${orm.tokenRaw} ms`,
    },
    {
      section: 4,
      name: 'Read API: SQL statements per dashboard request',
      value: statements,
      unit: 'statements',
      goal: 'constant in the page size',
      status: 'n/a',
      peakRssMb: null,
      note: 'counted on an in-process server over 10 sequential requests (token lookup included)',
    },
    {
      section: 4,
      name: `Read API: ${TRIVIAL} on our server (auth + plugins)`,
      value: ours.requestsPerSecond,
      unit: 'req/s',
      baseline: bareBaseline(baseline.requestsPerSecond, 'req/s'),
      ratio: ratio(ours.requestsPerSecond, baseline.requestsPerSecond),
      status: 'n/a',
      peakRssMb: oursRss,
      note: `p99 ${ms(ours.p99Ms)} (bare yoga ${ms(baseline.p99Ms)}); server CPU ${ours.cpuMsPerRequest ?? '-'} ms/request (bare yoga ${baseline.cpuMsPerRequest ?? '-'})${failures(ours)}`,
    },
  ];
}
