import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import { embeddedUrl } from '../../src/db/embedded.js';
import { type Child, freePort, spawnTs } from './processes.js';
import { gid, type Seed } from './sync-seed.js';
import { ecid, waitFor } from './util.js';

/**
 * The service as a person runs it: `src/main.ts` in a child process with an embedded
 * PostgreSQL in a data directory of its own (a fresh temp dir), on free ports.
 */
export interface ServiceEnv {
  dir: string;
  dataDir: string;
  pgPort: number;
  port: number;
  env: Record<string, string>;
}

export async function serviceEnv(name: string, extra: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), `audience-sync-${name}-`));
  // The embedded server runs as the `postgres` user when the tests run as root.
  chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  const pgPort = await freePort();
  const port = await freePort();
  const env = {
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    PORT: String(port),
    ...extra,
  };
  return { dir, dataDir, pgPort, port, env } satisfies ServiceEnv;
}

/**
 * Starts the service; resolves once it serves. On the data directory's first start it also
 * waits for the token of the workspace the service makes then.
 */
export async function startService(
  service: ServiceEnv,
  children: Child[],
  options: { first?: boolean } = {},
): Promise<{ child: Child; url: string; token: string | null }> {
  const child = spawnTs('src/main.ts', [], service.env);
  children.push(child);
  const [, url] = await child.waitFor(/GraphiQL at (http:\/\/\S+)\/graphql/, 120_000);
  const token = options.first ? (await child.waitFor(/API token:\n\s+(\S+)/))[1] : null;
  return { child, url: url as string, token: token ?? null };
}

/** A pool on the service's embedded database (the test seeds and checks through it). */
export function servicePool(service: ServiceEnv): pg.Pool {
  const pool = new pg.Pool({ connectionString: embeddedUrl(service.pgPort, 'audience_sync') });
  // The service's database stops under it (kill -9, restarts): those errors are expected.
  pool.on('error', () => undefined);
  return pool;
}

/** A GraphQL request to a running service; throws on GraphQL errors. */
export async function gqlAt<T = Record<string, unknown>>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data) throw new Error(JSON.stringify(body));
  return body.data;
}

const START_SYNC = `mutation ($input: StartAudienceSyncInput!) {
  startAudienceSync(input: $input) {
    __typename
    ... on StartAudienceSyncSuccess { syncJob { id list { id } } }
  }
}`;

export const RUN_NOW = `mutation ($id: ID!) { runSyncJobNow(input: { id: $id }) { __typename } }`;

/**
 * An audience of `matched` ECIDs that reach a lead (plus one that reaches none), synced into a
 * new list over the service's API. Returns the job and list ids and the matched leads.
 */
export async function syncedAudience(
  seed: Seed,
  url: string,
  token: string,
  name: string,
  matched: number,
) {
  const audience = await seed.audience(name);
  const leadIds = await seed.matchedLeads(audience, name, matched);
  await seed.members(audience, [ecid(Number(audience) * 1000 + 999)]);
  const data = await gqlAt<{
    startAudienceSync: { __typename: string; syncJob?: { id: string; list: { id: string } } };
  }>(url, token, START_SYNC, {
    input: { audienceId: gid('Audience', audience), newListName: `${name} list` },
  });
  const job = data.startAudienceSync.syncJob;
  if (!job) throw new Error(`startAudienceSync answered ${JSON.stringify(data)}`);
  return {
    globalId: job.id,
    jobId: decodeGlobalID(job.id).id,
    listId: decodeGlobalID(job.list.id).id,
    leadIds: leadIds.sort(),
  };
}

/** The statuses of a job's runs, oldest first. */
export async function runStatuses(pool: pg.Pool, jobId: string): Promise<string[]> {
  const { rows } = await pool.query<{ status: string }>(
    'select status from sync_run where sync_job_id = $1 order by id',
    [jobId],
  );
  return rows.map((row) => row.status);
}

/**
 * Waits until a run (of the job, if given) is RUNNING while a session waits on a lock of
 * list_membership (held by the test).
 */
export function runWaitingOnListLock(pool: pg.Pool, jobId?: string, timeoutMs = 30_000) {
  return waitFor(
    async () => {
      const { rows } = await pool.query(
        `select 1 from sync_run r where ($1::bigint is null or r.sync_job_id = $1) and r.status = 'RUNNING'
            and exists (select 1 from pg_locks l join pg_class c on c.oid = l.relation
                         where not l.granted and c.relname = 'list_membership')`,
        [jobId ?? null],
      );
      return rows.length > 0 ? true : undefined;
    },
    timeoutMs,
    'a run to wait on the list_membership lock',
  );
}

/**
 * Processes whose command line mentions `needle` (a data directory, a port): what a service
 * left behind. Read from /proc; the calling process is never among them.
 */
export function processesMentioning(needle: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!pid || pid === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    } catch {
      continue;
    }
    if (cmdline.includes(needle)) found.push({ pid, cmdline });
  }
  return found;
}

/**
 * Processes whose environment names the data directory (node, tsx, npm's shell: the service's
 * command line does not mention it), plus those whose command line does (postgres).
 */
export function processesOf(service: ServiceEnv): { pid: number; cmdline: string }[] {
  const found = processesMentioning(service.dataDir);
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!pid || pid === process.pid || found.some((p) => p.pid === pid)) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (!environ.split('\0').includes(`DATA_DIR=${service.dataDir}`)) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      // A zombie has no command line: it is gone, only not yet reaped.
      if (cmdline) found.push({ pid, cmdline });
    } catch {}
  }
  return found;
}
