/**
 * Ingest throughput: ECIDs through POST /ingest/audiences/{id}/members and (ecid, cookie)
 * pairs through POST /ingest/cookie-syncs, each next to a plain COPY of the very same bytes
 * into a temporary table through pg, measured in the same run (the limit we compare to).
 *
 * For the bench harness:
 *   benchIngest({ url, token, audienceId, databaseUrl, rows, serverPid?, log? })
 *     url         API base URL of a running server (e.g. http://127.0.0.1:4000)
 *     token       bearer token with the write scope
 *     audienceId  global id of an audience of the token's workspace (fresh ECIDs are added)
 *     databaseUrl the server's database, for the baseline COPY (rolled back, leaves nothing)
 *     rows        lines per upload (1,000,000 for the goal)
 *     serverPid   the server's node pid: its peak RSS is measured per upload (Linux /proc)
 *     targetCopy  also COPY the same rows, in the primary key's order, straight into the
 *                 target table (rolled back): what storing them costs in this database, with
 *                 no staging, merge or HTTP
 *   The workspace needs the Experience Cloud integration with cookie sync on.
 *   Returns one result per endpoint: rows/s, the baseline's rows/s, their ratio, peak RSS, and
 *   the WAL the database wrote per line.
 *
 * benchNativeIngest({ url, token, databaseUrl, profiles, requests, lines, serverPid?, log? })
 *   the Adobe-native endpoints: `requests` AEP batches of `profiles` profiles (answer time
 *   p50/p99) and one AAM iter file of `lines` lines (rows/s), each beside a plain COPY of the
 *   same statements or lines.
 *
 * Standalone (fresh embedded PostgreSQL, the API as a child process, everything removed after):
 *   npx tsx bench/ingest.ts [--rows 1000000]
 */
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { operatorCaller, SCOPES } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services/index.js';
import { openBenchDatabase } from './database.js';
import { samplePeakRss } from './rss.js';
import { startServerProcess } from './server-process.js';

export interface IngestBenchOptions {
  url: string;
  token: string;
  audienceId: string;
  databaseUrl: string;
  rows: number;
  serverPid?: number;
  targetCopy?: boolean;
  log?: (message: string) => void;
}

export interface IngestFigure {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Plain COPY of the same body into a temporary table, same run. */
  baselineRowsPerSecond: number;
  /** rowsPerSecond / baselineRowsPerSecond. */
  ratio: number;
  /** Plain COPY in key order straight into the target table (its indexes), when `targetCopy`. */
  targetCopy: TargetCopyFigure | null;
  /** Peak RSS of the server process during the upload (MB), when its pid was given. */
  peakRssMb: number | null;
  /**
   * WAL the database wrote during the upload, per line (bytes): the insert position's move,
   * so it includes whatever else the server wrote meanwhile (the bench's server runs nothing
   * else then, but autovacuum may).
   */
  walBytesPerRow: number;
  accepted: number;
  rejected: number;
  /** The issue's goal for this upload (rows/s), where it sets one. */
  goalRowsPerSecond?: number;
}

/** What the target-table COPY of an upload's lines measured. */
export interface TargetCopyFigure {
  table: string;
  rowsPerSecond: number;
  /** WAL the COPY wrote per line (bytes). */
  walBytesPerRow: number;
  /** Tables the upload writes besides `table`, which the COPY leaves out. */
  uploadAlsoWrites: string[];
}

/** Where an upload's lines are COPYed straight to: the table, its key columns before the line's. */
interface CopyTarget {
  table: string;
  keys: string[];
  /** The key columns' values, as the start of a CSV line. */
  prefix: string;
  uploadAlsoWrites: string[];
}

/** Goals of the issue (12), for reports: members 300,000 rows/s, cookie syncs 150,000. */
export const INGEST_GOALS = {
  membersRowsPerSecond: 300_000,
  cookieSyncRowsPerSecond: 150_000,
  peakRssMb: 200,
};

const CHUNK_BYTES = 1 << 20;

/** A 32-bit integer hash (murmur3 finaliser): spreads ECIDs over the index like real ones. */
function mix(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The i-th bench ECID: 38 digits, random-looking, distinct from seeded data (leading 9s). */
export function benchEcid(i: number): string {
  return `99${String(mix(i)).padStart(10, '0')}${String(mix(i + 0x9e3779b9)).padStart(10, '0')}${String(i).padStart(16, '0')}`;
}

function benchCookie(i: number): string {
  return `_mch-bench.example.com-${1_700_000_000_000 + i}-${mix(i) % 100_000}`;
}

/** Builds an upload body of `rows` lines, in chunks (generated before the clock starts). */
function body(rows: number, line: (i: number) => string): Buffer[] {
  const chunks: Buffer[] = [];
  let lines: string[] = [];
  let bytes = 0;
  for (let i = 0; i < rows; i++) {
    const text = line(i);
    lines.push(text);
    bytes += text.length + 1;
    if (bytes >= CHUNK_BYTES) {
      chunks.push(Buffer.from(`${lines.join('\n')}\n`));
      lines = [];
      bytes = 0;
    }
  }
  if (lines.length > 0) chunks.push(Buffer.from(`${lines.join('\n')}\n`));
  return chunks;
}

/** POSTs the chunks with backpressure; resolves with the parsed answer. */
async function post(
  url: string,
  token: string,
  chunks: Buffer[],
  contentType = 'text/plain',
): Promise<{ accepted: number; rejected: number }> {
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'content-length': String(length),
        authorization: `Bearer ${token}`,
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString();
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${text}`));
        else resolve(JSON.parse(text));
      });
    });
    let next = 0;
    const write = () => {
      while (next < chunks.length) {
        if (!req.write(chunks[next++])) {
          req.once('drain', write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}

/**
 * COPY of the chunks in a rolled-back transaction (nothing stays); seconds taken. Without
 * `table`, into a new temporary table of text columns.
 */
async function plainCopy(
  databaseUrl: string,
  columns: string[],
  chunks: Buffer[],
  table?: string,
): Promise<number> {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    await client.query('BEGIN');
    if (!table) {
      await client.query(
        `CREATE TEMP TABLE bench_copy (${columns.map((c) => `${c} text`).join(', ')}) ON COMMIT DROP`,
      );
    }
    const started = performance.now();
    const copy = client.query(
      copyFrom(
        `COPY ${table ?? 'bench_copy'} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`,
      ),
    );
    await new Promise<void>((resolve, reject) => {
      copy.on('error', reject);
      copy.on('finish', resolve);
      let next = 0;
      const write = () => {
        while (next < chunks.length) {
          if (!copy.write(chunks[next++])) {
            copy.once('drain', write);
            return;
          }
        }
        copy.end();
      };
      write();
    });
    return (performance.now() - started) / 1000;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

/**
 * Runs `work` and gives its result with the WAL the server wrote meanwhile (bytes): the insert
 * position's move, so it includes whatever else the server wrote then.
 */
async function withWal<T>(
  databaseUrl: string,
  work: () => Promise<T>,
): Promise<{ result: T; walBytes: number }> {
  const before = await walPosition(databaseUrl);
  const result = await work();
  return { result, walBytes: Number((await walPosition(databaseUrl)) - before) };
}

/** The server's WAL insert position, in bytes (pg_current_wal_insert_lsn). */
async function walPosition(databaseUrl: string): Promise<bigint> {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query<{ at: string }>(
      `SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::text AS at`,
    );
    return BigInt(rows[0].at);
  } finally {
    await client.end();
  }
}

/**
 * Posts an upload timed, with the server's peak RSS during it (when its pid is given) and the
 * WAL the database wrote meanwhile.
 */
async function timedUpload(
  options: { url: string; token: string; databaseUrl: string; serverPid?: number },
  path: string,
  chunks: Buffer[],
  contentType?: string,
) {
  const { result, walBytes } = await withWal(options.databaseUrl, async () => {
    const rss = options.serverPid ? samplePeakRss(options.serverPid) : null;
    const started = performance.now();
    const answer = await post(`${options.url}${path}`, options.token, chunks, contentType);
    const seconds = (performance.now() - started) / 1000;
    return { answer, seconds, peakRssMb: rss?.stop() ?? null };
  });
  return { ...result, walBytes };
}

/** COPYs the lines of `chunks` in key order straight into `target` (rolled back); its figure. */
async function copyIntoTarget(
  databaseUrl: string,
  columns: string[],
  chunks: Buffer[],
  rows: number,
  target: CopyTarget,
): Promise<TargetCopyFigure> {
  const lines = prefixedInKeyOrder(chunks, target.prefix);
  const { result: seconds, walBytes } = await withWal(databaseUrl, () =>
    plainCopy(databaseUrl, [...target.keys, ...columns], lines, target.table),
  );
  return {
    table: target.table,
    rowsPerSecond: Math.round(rows / seconds),
    walBytesPerRow: Math.round(walBytes / rows),
    uploadAlsoWrites: target.uploadAlsoWrites,
  };
}

/**
 * The lines of `chunks` with `prefix` before each (the key columns of a target-table COPY),
 * sorted in byte order, which for these ASCII lines is the primary key's order under the "C"
 * collation: the order the merges insert in, so the COPY appends along the key as they do.
 */
function prefixedInKeyOrder(chunks: Buffer[], prefix: string): Buffer[] {
  const lines = chunks.flatMap((chunk) => chunk.toString().slice(0, -1).split('\n'));
  lines.sort();
  return body(lines.length, (i) => prefix + lines[i]);
}

async function measure(
  options: IngestBenchOptions,
  name: string,
  path: string,
  columns: string[],
  chunks: Buffer[],
  target: CopyTarget,
): Promise<IngestFigure> {
  const log = options.log ?? (() => undefined);
  log(`${name}: uploading ${options.rows} lines`);
  const { answer, seconds, peakRssMb, walBytes } = await timedUpload(options, path, chunks);
  log(`${name}: plain COPY of the same ${options.rows} lines into a temporary table`);
  const baselineSeconds = await plainCopy(options.databaseUrl, columns, chunks);
  let targetCopy: TargetCopyFigure | null = null;
  if (options.targetCopy) {
    log(`${name}: plain COPY of the same ${options.rows} lines into ${target.table}`);
    targetCopy = await copyIntoTarget(options.databaseUrl, columns, chunks, options.rows, target);
  }
  const rowsPerSecond = Math.round(options.rows / seconds);
  const baselineRowsPerSecond = Math.round(options.rows / baselineSeconds);
  return {
    name,
    rows: options.rows,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond,
    baselineRowsPerSecond,
    ratio: Math.round((rowsPerSecond / baselineRowsPerSecond) * 100) / 100,
    targetCopy,
    peakRssMb,
    walBytesPerRow: Math.round(walBytes / options.rows),
    accepted: answer.accepted,
    rejected: answer.rejected,
  };
}

async function ownerWorkspace(databaseUrl: string, audienceId: string): Promise<string> {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query('SELECT workspace_id FROM audience WHERE id = $1', [
      audienceId,
    ]);
    if (!rows[0]) throw new Error(`Audience ${audienceId} not found`);
    return rows[0].workspace_id;
  } finally {
    await client.end();
  }
}

/** Runs both uploads against a running server; see the top of this file. */
export async function benchIngest(options: IngestBenchOptions): Promise<IngestFigure[]> {
  const offset = Math.floor(Date.now() / 1000) % 1_000_000_000;
  const audience = decodeGlobalID(options.audienceId);
  const owner = await ownerWorkspace(options.databaseUrl, audience.id);
  const members = body(options.rows, (i) => benchEcid(offset + i));
  // The target-table COPYs write under ids no row uses (0), so they collide with nothing.
  const membersFigure = await measure(
    options,
    'audience members (mode=add)',
    `/ingest/audiences/${encodeURIComponent(options.audienceId)}/members?mode=add`,
    ['ecid'],
    members,
    {
      table: 'audience_member',
      keys: ['workspace_id', 'audience_id'],
      prefix: `${owner},0,`,
      uploadAlsoWrites: [],
    },
  );
  members.length = 0;
  const syncs = body(options.rows, (i) => `${benchEcid(offset + i)},${benchCookie(offset + i)}`);
  const syncsFigure = await measure(
    options,
    'cookie syncs',
    '/ingest/cookie-syncs',
    ['ecid', 'cookie_id'],
    syncs,
    {
      table: 'cookie_sync',
      keys: ['workspace_id'],
      prefix: '0,',
      // The cookies missing from munchkin_cookie, as anonymous ones (src/ingest/cookie-syncs.ts).
      uploadAlsoWrites: ['munchkin_cookie'],
    },
  );
  return [
    { ...membersFigure, goalRowsPerSecond: INGEST_GOALS.membersRowsPerSecond },
    { ...syncsFigure, goalRowsPerSecond: INGEST_GOALS.cookieSyncRowsPerSecond },
  ];
}

/** What the Adobe-native bench measured; times in ms. */
export interface NativeIngestFigures {
  aep: {
    profiles: number;
    requests: number;
    p50Ms: number;
    p99Ms: number;
    /** Plain COPY of the same statements (ecid,audience lines), median over as many runs. */
    baselineP50Ms: number;
    accepted: number;
    rejected: number;
  };
  aamIter: IngestFigure;
}

/** Goals of the native inputs: Adobe's answer time for an AEP batch of 10,000 profiles. */
export const NATIVE_GOALS = {
  aepBatchP99Ms: 2_000,
  aepBatchProfiles: 10_000,
  aamIterLines: 1_000_000,
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The Adobe-native endpoints against a running server: `requests` AEP batches of `profiles`
 * profiles (fresh ECIDs, one audience) timed one by one, beside a plain COPY of the same
 * statements; and one AAM `iter` file of `lines` lines (one segment each) beside a plain
 * COPY of the same lines.
 */
export async function benchNativeIngest(options: {
  url: string;
  token: string;
  databaseUrl: string;
  profiles: number;
  requests: number;
  lines: number;
  serverPid?: number;
  log?: (message: string) => void;
}): Promise<NativeIngestFigures> {
  const log = options.log ?? (() => undefined);
  const offset = 500_000_000 + (Math.floor(Date.now() / 1000) % 100_000_000);
  const times: number[] = [];
  const copyTimes: number[] = [];
  let accepted = 0;
  let rejected = 0;
  const at = new Date().toISOString();
  log(`AEP: ${options.requests} batches of ${options.profiles} profiles`);
  for (let r = 0; r < options.requests; r++) {
    const first = offset + r * options.profiles;
    const profiles: string[] = [];
    const statements: string[] = [];
    for (let i = 0; i < options.profiles; i++) {
      const ecid = benchEcid(first + i);
      profiles.push(
        JSON.stringify({
          identityMap: { ECID: [{ id: ecid, authenticatedState: 'ambiguous', primary: true }] },
          segmentMembership: {
            ups: {
              'bench-aep': { status: 'realized', lastQualificationTime: at, name: 'Bench AEP' },
            },
          },
        }),
      );
      statements.push(`${ecid},bench-aep`);
    }
    const payload = [Buffer.from(`[${profiles.join(',')}]`)];
    const started = performance.now();
    const answer = await post(
      `${options.url}/ingest/aep`,
      options.token,
      payload,
      'application/json',
    );
    times.push(performance.now() - started);
    accepted += answer.accepted;
    rejected += answer.rejected;
    const copySeconds = await plainCopy(
      options.databaseUrl,
      ['ecid', 'external_id'],
      [Buffer.from(`${statements.join('\n')}\n`)],
    );
    copyTimes.push(copySeconds * 1000);
  }
  const did = String(9000 + (offset % 1000));
  const file = `S3_${did}_20914_iter_${Date.now()}.sync`;
  const lines = body(options.lines, (i) => `${benchEcid(offset + 50_000_000 + i)} 1001`);
  log(`AAM: iter file of ${options.lines} lines`);
  const { answer, seconds, peakRssMb, walBytes } = await timedUpload(
    options,
    `/ingest/aam/outbound?filename=${encodeURIComponent(file)}`,
    lines,
    'application/octet-stream',
  );
  log(`AAM: plain COPY of the same ${options.lines} lines into a temporary table`);
  const baselineSeconds = await plainCopy(options.databaseUrl, ['line'], lines);
  const rowsPerSecond = Math.round(options.lines / seconds);
  const baselineRowsPerSecond = Math.round(options.lines / baselineSeconds);
  const round1 = (value: number) => Math.round(value * 10) / 10;
  return {
    aep: {
      profiles: options.profiles,
      requests: options.requests,
      p50Ms: round1(percentile(times, 50)),
      p99Ms: round1(percentile(times, 99)),
      baselineP50Ms: round1(percentile(copyTimes, 50)),
      accepted,
      rejected,
    },
    aamIter: {
      name: 'AAM iter file',
      rows: options.lines,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond,
      baselineRowsPerSecond,
      ratio: Math.round((rowsPerSecond / baselineRowsPerSecond) * 100) / 100,
      targetCopy: null,
      peakRssMb,
      walBytesPerRow: Math.round(walBytes / options.lines),
      accepted: answer.accepted,
      rejected: answer.rejected,
    },
  };
}

async function standalone(rows: number) {
  const log = (message: string) => console.log(`[bench] ${message}`);
  const bench = await openBenchDatabase(log);
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    const { workspaces } = createServices({ config: loadConfig({}), database: bench.database });
    const workspace = await workspaces.create({ name: 'Ingest bench' });
    const { token } = await workspaces.createToken(workspace.id, [...SCOPES]);
    await workspaces.configureExperienceCloud(operatorCaller(workspace.id), {
      imsOrgId: '0A1B2C3D4E5F60718293A4B5@AdobeOrg',
      cookieSyncEnabled: true,
    });
    const folder = await bench.database.pool.query<{ id: string }>(
      `INSERT INTO audience_folder (workspace_id, name, path) VALUES ($1, 'Bench', 'Bench')
       RETURNING id`,
      [workspace.id],
    );
    const audience = await bench.database.pool.query<{ id: string }>(
      `INSERT INTO audience (workspace_id, folder_id, external_id, name)
       VALUES ($1, $2, 'bench', 'Bench audience') RETURNING id`,
      [workspace.id, folder.rows[0].id],
    );
    server = await startServerProcess({ databaseUrl: bench.url, role: 'api' });
    log(`server pid ${server.pid} at ${server.url}; ${bench.description}`);
    const figures = await benchIngest({
      url: server.url,
      token,
      audienceId: encodeGlobalID('Audience', audience.rows[0].id),
      databaseUrl: bench.url,
      rows,
      serverPid: server.pid,
      targetCopy: true,
      log,
    });
    console.table(
      figures.map((f) => ({
        endpoint: f.name,
        rows: f.rows,
        seconds: f.seconds,
        'rows/s': f.rowsPerSecond,
        'plain COPY rows/s': f.baselineRowsPerSecond,
        ratio: f.ratio,
        'COPY into target rows/s': f.targetCopy?.rowsPerSecond ?? null,
        'server peak RSS MB': f.peakRssMb,
        'WAL bytes/row': f.walBytesPerRow,
        accepted: f.accepted,
        rejected: f.rejected,
      })),
    );
    console.log(
      `goals: members >= ${INGEST_GOALS.membersRowsPerSecond} rows/s, cookie syncs >= ${INGEST_GOALS.cookieSyncRowsPerSecond} rows/s, <= ${INGEST_GOALS.peakRssMb} MB peak RSS`,
    );
    const native = await benchNativeIngest({
      url: server.url,
      token,
      databaseUrl: bench.url,
      profiles: Math.min(NATIVE_GOALS.aepBatchProfiles, rows),
      requests: 20,
      lines: rows,
      serverPid: server.pid,
      log,
    });
    console.table([
      {
        figure: `AEP batch of ${native.aep.profiles} profiles (${native.aep.requests} requests)`,
        p50: `${native.aep.p50Ms} ms`,
        p99: `${native.aep.p99Ms} ms`,
        'plain COPY p50': `${native.aep.baselineP50Ms} ms`,
        accepted: native.aep.accepted,
        rejected: native.aep.rejected,
      },
      {
        figure: `AAM iter file of ${native.aamIter.rows} lines`,
        'rows/s': native.aamIter.rowsPerSecond,
        'plain COPY rows/s': native.aamIter.baselineRowsPerSecond,
        ratio: native.aamIter.ratio,
        'server peak RSS MB': native.aamIter.peakRssMb,
        accepted: native.aamIter.accepted,
        rejected: native.aamIter.rejected,
      },
    ]);
  } finally {
    await server?.stop();
    await bench.dispose();
  }
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1) {
    console.error('Usage: npx tsx bench/ingest.ts [--rows N]');
    process.exit(2);
  }
  standalone(rows).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
