import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
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
import { ApiToken } from '../src/entities/api-token.js';
import { SyncJob } from '../src/entities/sync-job.js';
import type { BenchContext, Figure } from './context.js';
import { readCpuMs, samplePeakRss } from './rss.js';
import { freePort, PROJECT_ROOT, type ServerProcess, track } from './server-process.js';

/**
 * Section 4: the read API under load. autocannon runs as its own process (so the load
 * generator's CPU and memory are not the server's) at 50 connections against
 *  - the dashboard query on our server (sync jobs with audience, list and last-run stats,
 *    50 per page),
 *  - `{ __typename }` on our server (auth, plugins and yoga, no resolver work),
 *  - `{ __typename }` on a bare yoga server with a one-field schema (the peer baseline).
 * SQL statements per dashboard request are counted exactly on an in-process server whose
 * ORM and pg pool count every statement, over a few sequential requests.
 */

export const CONNECTIONS = 50;
const TRIVIAL = '{ __typename }';

interface LoadResult {
  requestsPerSecond: number;
  /** Server CPU time (user + system) per completed request: immune to a busy machine's waits. */
  cpuMsPerRequest?: number | null;
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

/** A bare yoga server with a one-field schema, in its own process: the peer baseline. */
async function startBareYoga(): Promise<ServerProcess> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', 'bench/bare-yoga.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: String(port) },
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
  for (let i = 0; i < 300; i++) {
    try {
      await postGraphql(url, '{ __typename }');
      return { url, port, pid: child.pid!, role: 'bare-yoga', output: () => output, stop };
    } catch {}
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`bare yoga did not start: ${output.slice(-500)}`);
}

/** Statements per dashboard request, counted on an in-process server on the same database. */
async function statementsPerRequest(
  ctx: BenchContext,
  query: string,
  requests: number,
): Promise<number> {
  let count = 0;
  const database = await connectDatabase(ctx.databaseUrl, {
    poolSize: 4,
    onQuery: (sql) => {
      count++;
      return sql;
    },
  });
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
 * the same SELECT on the raw pg pool, and likewise the per-request token lookup.
 */
async function ormOverhead(ctx: BenchContext) {
  const { orm, pool } = ctx.database;
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

export async function measureReadApi(ctx: BenchContext): Promise<Figure[]> {
  const { schema } = await import('../src/schema/index.js');
  const dashboard = dashboardQuery(schema);
  const token = ctx.dataset.token;
  const server = ctx.server;
  // Small scales only prove the section runs (CI); the full run measures 10 s per target.
  // 3 s at least: 50 slow requests started together may all finish only after a second.
  const seconds = ctx.scale >= 0.5 ? 10 : ctx.scale >= 0.1 ? 5 : 3;
  const measure = async (target: { url: string; pid: number }, query: string, auth?: string) => {
    const baseUrl = target.url;
    const url = `${baseUrl}/graphql`;
    const body = JSON.stringify({ query });
    // Warm up the JIT and the connection pools before the measured run.
    if (ctx.scale >= 0.1) await loadTest({ url, body, token: auth, connections: 10, seconds: 2 });
    else for (let i = 0; i < 10; i++) await postGraphql(baseUrl, query, auth);
    const result = await loadTest({ url, body, token: auth, connections: CONNECTIONS, seconds });
    // CPU per request, measured over sequential requests: exact, whatever else runs on the
    // machine (under load, requests still in flight at the end would blur it).
    const requests = ctx.scale >= 0.1 ? 100 : 30;
    const cpuBefore = readCpuMs(target.pid);
    for (let i = 0; i < requests; i++) await postGraphql(baseUrl, query, auth);
    const cpuAfter = readCpuMs(target.pid);
    result.cpuMsPerRequest =
      cpuBefore !== null && cpuAfter !== null
        ? Math.round(((cpuAfter - cpuBefore) / requests) * 100) / 100
        : null;
    return result;
  };

  const data = await postGraphql(server.url, dashboard.query, token);
  const rows = Object.values(data)[0]?.edges?.length;
  ctx.log(`  dashboard query: ${dashboard.name}; ${rows ?? 1} rows per response`);

  const bare = await startBareYoga();
  let baseline: LoadResult;
  try {
    baseline = await measure(bare, TRIVIAL);
  } finally {
    await bare.stop();
  }
  const summary = (r: LoadResult) =>
    `${r.requestsPerSecond} req/s, p99 ${r.p99Ms} ms, server CPU ${r.cpuMsPerRequest ?? '-'} ms/request`;
  ctx.log(`  bare yoga ${TRIVIAL}: ${summary(baseline)}`);

  let rss = samplePeakRss(server.pid);
  const ours = await measure(server, TRIVIAL, token);
  const oursRss = rss.stop();
  ctx.log(`  our ${TRIVIAL}: ${summary(ours)}`);

  rss = samplePeakRss(server.pid);
  const load = await measure(server, dashboard.query, token);
  const dashboardRss = rss.stop();
  ctx.log(`  dashboard: ${summary(load)}`);
  // The server must still answer correctly after the load (errors under load show as non-2xx).
  await postGraphql(server.url, dashboard.query, token);

  const statements = await statementsPerRequest(ctx, dashboard.query, 10);
  const orm = await ormOverhead(ctx);
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
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a != null && b != null && Number.isFinite(a / b) ? Math.round((a / b) * 1000) / 1000 : null;
  const ms = (value: number) => (Number.isNaN(value) ? '-' : `${value} ms`);
  const healthy = load.errors + load.non2xx === 0 && load.total > 0;
  const oneCore = (r: LoadResult) =>
    r.cpuMsPerRequest
      ? `; at this cost one core serves at most ${Math.round(1000 / r.cpuMsPerRequest)} req/s`
      : '';
  return [
    {
      section: 4,
      name: 'Read API: dashboard query throughput',
      value: load.requestsPerSecond,
      unit: 'req/s',
      baseline: bareBaseline(baseline.requestsPerSecond, 'req/s'),
      ratio: ratio(load.requestsPerSecond, baseline.requestsPerSecond),
      goal: '>= 1500 req/s at 50 connections',
      status: healthy && load.requestsPerSecond >= 1500 ? 'met' : 'missed',
      peakRssMb: dashboardRss,
      note: `${dashboard.name}; ${CONNECTIONS} connections, ${seconds} s${failures(load)}`,
    },
    {
      section: 4,
      name: 'Read API: dashboard query p99 latency',
      value: Number.isNaN(load.p99Ms) ? null : load.p99Ms,
      unit: 'ms',
      baseline: bareBaseline(baseline.p99Ms, 'ms'),
      ratio: ratio(load.p99Ms, baseline.p99Ms),
      goal: '< 50 ms',
      status: healthy && load.p99Ms < 50 ? 'met' : 'missed',
      peakRssMb: dashboardRss,
      note: `p50 ${ms(load.p50Ms)} (bare yoga ${ms(baseline.p50Ms)})`,
    },
    {
      section: 4,
      name: 'Read API: server CPU per dashboard request (sequential)',
      value: load.cpuMsPerRequest ?? null,
      unit: 'ms',
      baseline: bareBaseline(baseline.cpuMsPerRequest, 'ms'),
      ratio: ratio(load.cpuMsPerRequest, baseline.cpuMsPerRequest),
      status: 'n/a',
      peakRssMb: null,
      note: `user + system time of the server process (/proc/<pid>/stat) over ${ctx.scale >= 0.1 ? 100 : 30} sequential requests${oneCore(load)}`,
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
