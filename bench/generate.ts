import type pg from 'pg';
import { SCOPES } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { createServices } from '../src/services/index.js';

/**
 * The seeded workspace generator. Every value is a pure function of (seed, index), computed
 * set-based inside PostgreSQL (generate_series + inlined SQL functions), so a million rows
 * take seconds and the same seed always gives the same data. The identifier functions are
 * mirrored in TypeScript (ecid, cookieId, email) so sections can name rows without a query,
 * and mint fresh ones past `Dataset.freshIndex` that collide with nothing seeded.
 */

/** Row counts at scale 1 (issue 6); --scale multiplies them. */
export const FULL_SCALE = {
  ecids: 1_000_000,
  cookieSyncs: 700_000,
  leads: 400_000,
  /** Members of each of the 49 smaller audiences. */
  smallAudienceMembers: 2_000,
  /** Members of each dashboard list. */
  listMembers: 1_000,
} as const;

export const AUDIENCE_COUNT = 50;
export const SYNC_JOB_COUNT = 60;
export const RUNS_PER_JOB = 3;
/** Share of cookie syncs whose ECID lies outside the big audience (other visitors). */
const OUTSIDE_EVERY = 10;
/** Share of cookies tied to a known lead, out of 10 (the rest stay anonymous). */
const KNOWN_COOKIES_OF_10 = 8;
/** Share of leads that ever visited (have cookies); the rest came from the CRM only. */
const VISITING_LEADS = 0.8;

export const IMS_ORG_ID = '0A1B2C3D4E5F60718293A4B5@AdobeOrg';

export interface Dataset {
  seed: number;
  scale: number;
  workspaceId: string;
  /** Bearer token with every scope on the workspace. */
  token: string;
  imsOrgId: string;
  /** The big audience (1,000,000 ECIDs at scale 1). */
  audienceId: string;
  audienceName: string;
  /** All 50 audience ids, the big one first. */
  audienceIds: string[];
  folderIds: string[];
  listIds: string[];
  syncJobIds: string[];
  counts: {
    ecids: number;
    cookieSyncs: number;
    leads: number;
    knownCookies: number;
    folders: number;
    audiences: number;
    smallAudienceMembers: number;
    lists: number;
    listMemberships: number;
    syncJobs: number;
    syncRuns: number;
  };
  /** First identity index not used by the seed: ecid(seed, freshIndex + n) is new. */
  freshIndex: number;
  seedSeconds: number;
}

// Multipliers coprime to 10, so i -> (i * A + s) mod 10^k is a bijection: distinct indexes
// give distinct identifiers. i * A stays below 2^63 for every index up to scale 10.
const ECID_PARTS = [
  { a: 298_347_123_457n, mod: 10_000_000_000_000n, width: 13 },
  { a: 271_828_182_841n, mod: 10_000_000_000_000n, width: 13 },
  { a: 161_803_398_877n, mod: 1_000_000_000_000n, width: 12 },
] as const;
const COOKIE_A = 2_654_435_761n;
const COOKIE_MOD = 100_000_000n;
const COOKIE_DOMAINS = ['example.com', 'www.example.com', 'shop.example.com'];
const FIRST_NAMES = [
  'anna',
  'ben',
  'carla',
  'david',
  'elif',
  'farid',
  'greta',
  'hugo',
  'ines',
  'jonas',
  'kaito',
  'lena',
  'maria',
  'nils',
  'olga',
  'pablo',
  'quinn',
  'rosa',
  'sven',
  'tara',
];
const LAST_NAMES = [
  'berg',
  'costa',
  'dubois',
  'eriksen',
  'fischer',
  'garcia',
  'haddad',
  'ito',
  'jensen',
  'kowalski',
  'larsen',
  'moreau',
  'novak',
  'okafor',
  'petrov',
  'rossi',
  'silva',
  'tanaka',
  'urban',
  'weber',
];
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example', 'corp.example'];

function offsets(seed: number) {
  const s = BigInt(seed);
  return {
    ecid: ECID_PARTS.map((part, n) => (s * 1_000_003n + BigInt(n) * 7_777_777n) % part.mod),
    cookie: (s * 92_821n) % COOKIE_MOD,
  };
}

/** The i-th ECID of the seeded universe (38 digits). */
export function ecid(seed: number, i: number): string {
  const offset = offsets(seed).ecid;
  return ECID_PARTS.map((part, n) =>
    ((BigInt(i) * part.a + offset[n]) % part.mod).toString().padStart(part.width, '0'),
  ).join('');
}

/** The j-th Munchkin cookie id (`_mch-<domain>-<ms timestamp>-<random>`). */
export function cookieId(seed: number, j: number): string {
  const suffix = ((BigInt(j) * COOKIE_A + offsets(seed).cookie) % COOKIE_MOD)
    .toString()
    .padStart(8, '0');
  const timestamp = 1_700_000_000_000 + ((j * 104_729) % 31_536_000_000);
  return `_mch-${COOKIE_DOMAINS[j % 3]}-${timestamp}-${suffix}`;
}

/** The k-th lead's email. */
export function email(k: number): string {
  return `${FIRST_NAMES[k % 20]}.${LAST_NAMES[(k * 7) % 20]}.${k}@${EMAIL_DOMAINS[k % 5]}`;
}

/** The same functions in SQL, as temporary functions that the planner inlines. */
function identityFunctionsSql(seed: number): string[] {
  const offset = offsets(seed);
  const ecidExpr = ECID_PARTS.map(
    (part, n) =>
      `lpad(((i * ${part.a} + ${offset.ecid[n]}) % ${part.mod})::text, ${part.width}, '0')`,
  ).join(' || ');
  const array = (values: string[]) => `array[${values.map((v) => `'${v}'`).join(',')}]`;
  return [
    `create function pg_temp.bench_ecid(i bigint) returns text language sql immutable
       as $$ select ${ecidExpr} $$`,
    `create function pg_temp.bench_cookie(j bigint) returns text language sql immutable
       as $$ select '_mch-' || (${array(COOKIE_DOMAINS)})[1 + j % 3] || '-'
         || (1700000000000 + (j * 104729) % 31536000000)::text || '-'
         || lpad(((j * ${COOKIE_A} + ${offset.cookie}) % ${COOKIE_MOD})::text, 8, '0') $$`,
    `create function pg_temp.bench_email(k bigint) returns text language sql immutable
       as $$ select (${array(FIRST_NAMES)})[1 + k % 20] || '.' || (${array(LAST_NAMES)})[1 + (k * 7) % 20]
         || '.' || k || '@' || (${array(EMAIL_DOMAINS)})[1 + k % 5] $$`,
    // A seeded uniform pick in 1..n for key x; `salt` separates independent choices.
    `create function pg_temp.bench_pick(x bigint, salt bigint, n bigint) returns bigint
       language sql immutable
       as $$ select 1 + ((hashint8extended(x, ${seed} + salt) & 9223372036854775807) % n) $$`,
  ];
}

/** The audience library: 50 audiences spread over a two-level folder tree. */
const FOLDER_TREE: { path: string; audiences: number }[] = [
  { path: 'Campaigns', audiences: 2 },
  { path: 'Campaigns/2025', audiences: 5 },
  { path: 'Campaigns/2026', audiences: 3 },
  { path: 'Campaigns/2026/Q1', audiences: 5 },
  { path: 'Campaigns/2026/Q2', audiences: 5 },
  { path: 'Segments', audiences: 1 },
  { path: 'Segments/Behavioral', audiences: 8 },
  { path: 'Segments/Demographic', audiences: 6 },
  { path: 'Partners', audiences: 1 },
  { path: 'Partners/Retail', audiences: 7 },
  { path: 'Partners/Travel', audiences: 7 },
]; // 50 audiences in 11 folders

const scaled = (count: number, scale: number, min = 1) => Math.max(min, Math.round(count * scale));

/** Builds the whole workspace in the (fresh, migrated) database; returns what it made. */
export async function generateWorkspace(
  database: Database,
  options: { scale: number; seed: number; log?: (message: string) => void },
): Promise<Dataset> {
  const { scale, seed } = options;
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const E = scaled(FULL_SCALE.ecids, scale, 100);
  const C = scaled(FULL_SCALE.cookieSyncs, scale, 70);
  const L = scaled(FULL_SCALE.leads, scale, 40);
  const S = scaled(FULL_SCALE.smallAudienceMembers, scale, 10);
  const M = scaled(FULL_SCALE.listMembers, scale, 5);

  const { workspaces } = createServices({ config: loadConfig({}), database });
  const workspace = await workspaces.create({ name: `Bench workspace (seed ${seed})` });
  const { token } = await workspaces.createToken(workspace.id, [...SCOPES], 'bench');
  const W = workspace.id;

  // Two sessions load independent tables at once (identities | cookies), one core each.
  const a = await openSession(database, seed, log);
  const b = await openSession(database, seed, log).catch(async (error) => {
    await a.release();
    throw error;
  });
  const { client, step } = a;
  try {
    await client.query(
      `insert into experience_cloud_integration (workspace_id, ims_org_id, cookie_sync_enabled, configured_at)
       values ($1, $2, true, now())`,
      [W, IMS_ORG_ID],
    );

    const folderIds = new Map<string, string>();
    for (const { path } of FOLDER_TREE) {
      const slash = path.lastIndexOf('/');
      const parent = slash < 0 ? null : folderIds.get(path.slice(0, slash))!;
      const { rows } = await client.query<{ id: string }>(
        `insert into audience_folder (workspace_id, parent_id, name, path) values ($1, $2, $3, $4)
         returning id`,
        [W, parent, path.slice(slash + 1), path],
      );
      folderIds.set(path, rows[0].id);
    }
    // The big audience sits in Segments/Behavioral; the others fill the tree in order.
    const audiences: { folder: string; externalId: string; name: string }[] = [
      {
        folder: folderIds.get('Segments/Behavioral')!,
        externalId: 'seg-000',
        name: 'Site visitors - last 90 days',
      },
    ];
    let n = 1;
    for (const { path, audiences: count } of FOLDER_TREE) {
      const inFolder = path === 'Segments/Behavioral' ? count - 1 : count;
      for (let k = 0; k < inFolder; k++, n++) {
        audiences.push({
          folder: folderIds.get(path)!,
          externalId: `seg-${String(n).padStart(3, '0')}`,
          name: `${path.split('/').at(-1)} audience ${k + 1}`,
        });
      }
    }
    const { rows: audienceRows } = await client.query<{ id: string }>(
      `insert into audience (workspace_id, folder_id, external_id, name, description)
       select $1, f, x, nm, 'Synthetic audience for the benchmark'
       from unnest($2::bigint[], $3::text[], $4::text[]) with ordinality as a(f, x, nm, ord)
       order by ord
       returning id`,
      [
        W,
        audiences.map((a) => a.folder),
        audiences.map((a) => a.externalId),
        audiences.map((a) => a.name),
      ],
    );
    const audienceIds = audienceRows.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
    const bigAudience = audienceIds[0];

    const identities = async () => {
      // Sorted by ECID, so the primary key index is appended to rather than split at random.
      await step(
        'big audience members',
        `insert into audience_member (workspace_id, audience_id, ecid, added_at)
         select $1, $2, pg_temp.bench_ecid(i), now() - ((i * 7919) % 7776000) * interval '1 second'
         from generate_series(1, $3::bigint) i
         order by 3`,
        [W, bigAudience, E],
      );
      await step(
        'small audience members',
        `insert into audience_member (workspace_id, audience_id, ecid)
         select $1, a.id, pg_temp.bench_ecid(pg_temp.bench_pick(a.ord * 1000000000 + m, 1, $3::bigint + $4::bigint))
         from unnest($2::bigint[]) with ordinality a(id, ord), generate_series(1, $5::bigint) m
         order by 2, 3
         on conflict do nothing`,
        [W, audienceIds.slice(1), E, C, S],
      );
      await step(
        'leads',
        `insert into lead (id, workspace_id, email, first_name, last_name, created_at, updated_at)
         select k, $1, e, initcap(split_part(e, '.', 1)), initcap(split_part(e, '.', 2)),
                now() - ((k * 15485863) % 31536000) * interval '1 second', now()
         from (select k, pg_temp.bench_email(k) as e from generate_series(1, $2::bigint) k) l`,
        [W, L],
      );
      await client.query(`select setval(pg_get_serial_sequence('lead', 'id'), $1)`, [L]);
    };
    const cookieRows = async () => {
      // Every OUTSIDE_EVERY-th cookie belongs to a visitor outside the big audience; the rest
      // pick audience ECIDs at random, so some ECIDs get several cookies and many get none.
      await b.step(
        'cookie syncs',
        `insert into cookie_sync (workspace_id, ecid, cookie_id, synced_at)
         select $1, pg_temp.bench_ecid(case when j % ${OUTSIDE_EVERY} = 0 then $2 + j
                                           else pg_temp.bench_pick(j, 2, $2) end),
                pg_temp.bench_cookie(j), now() - ((j * 104729) % 7776000) * interval '1 second'
         from generate_series(1, $3::bigint) j
         order by 2, 3`,
        [W, E, C],
      );
      const visiting = Math.max(1, Math.round(L * VISITING_LEADS));
      await b.step(
        'munchkin cookies',
        `insert into munchkin_cookie (workspace_id, cookie_id, lead_id, associated_at, association_source, created_at)
         select $1, pg_temp.bench_cookie(j), lead_id,
                case when lead_id is not null then now() - (j % 2592000) * interval '1 second' end,
                case when lead_id is not null then (array['FORM_FILL','EMAIL_CLICK','API'])[1 + j % 3] end,
                now() - ((j * 104729) % 7776000) * interval '1 second'
         from (select j, case when pg_temp.bench_pick(j, 3, 10) <= ${KNOWN_COOKIES_OF_10}
                             then pg_temp.bench_pick(j, 4, $3) end as lead_id
               from generate_series(1, $2::bigint) j) c
         order by 2`,
        [W, C, visiting],
      );
      const { rowCount } = await b.step(
        'lead associations',
        `insert into lead_association (workspace_id, cookie_id, lead_id, previous_lead_id, source, associated_at)
         select workspace_id, cookie_id, lead_id, null, association_source, associated_at
         from munchkin_cookie where workspace_id = $1 and lead_id is not null`,
        [W],
      );

      return rowCount ?? 0;
    };
    const [, knownCookies] = await Promise.all([identities(), cookieRows()]);

    const dashboard = await seedDashboard(client, step, {
      W,
      audienceIds: audienceIds.slice(1),
      L,
      M,
    });

    const t = performance.now();
    await client.query('vacuum analyze');
    log(`  vacuum analyze: ${((performance.now() - t) / 1000).toFixed(1)} s`);

    return {
      seed,
      scale,
      workspaceId: W,
      token,
      imsOrgId: IMS_ORG_ID,
      audienceId: bigAudience,
      audienceName: audiences[0].name,
      audienceIds,
      folderIds: [...folderIds.values()],
      listIds: dashboard.listIds,
      syncJobIds: dashboard.syncJobIds,
      counts: {
        ecids: E,
        cookieSyncs: C,
        leads: L,
        knownCookies,
        folders: folderIds.size,
        audiences: audienceIds.length,
        smallAudienceMembers: S,
        lists: dashboard.listIds.length,
        listMemberships: dashboard.memberships,
        syncJobs: dashboard.syncJobIds.length,
        syncRuns: dashboard.syncJobIds.length * RUNS_PER_JOB,
      },
      freshIndex: E + C + 1,
      seedSeconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await a.release();
    await b.release();
  }
}

/** A connection with the identity functions and fast commits, for one stream of steps. */
async function openSession(database: Database, seed: number, log: (message: string) => void) {
  const client = await database.pool.connect();
  try {
    await client.query('set synchronous_commit = off');
    for (const sql of identityFunctionsSql(seed)) await client.query(sql);
  } catch (error) {
    client.release();
    throw error;
  }
  return {
    client,
    async step(label: string, sql: string, params: unknown[] = []) {
      const t = performance.now();
      const result = await client.query(sql, params);
      const seconds = ((performance.now() - t) / 1000).toFixed(1);
      log(`  ${label}: ${result.rowCount ?? 0} rows in ${seconds} s`);
      return result;
    },
    async release() {
      await client.query('discard temp').catch(() => undefined);
      client.release();
    },
  };
}

/**
 * What a dashboard shows: 60 sync jobs over the 49 smaller audiences (some audiences feed two
 * lists), each with a run history (INITIAL, INCREMENTAL, SCHEDULED) and its stored progress
 * events. The big audience is left unsynced for the sync benchmark. next_run_at lies a day
 * ahead so no scheduler starts these jobs during the run.
 */
async function seedDashboard(
  client: pg.PoolClient,
  step: (label: string, sql: string, params?: unknown[]) => Promise<pg.QueryResult>,
  input: { W: string; audienceIds: string[]; L: number; M: number },
): Promise<{ listIds: string[]; syncJobIds: string[]; memberships: number }> {
  const { W, audienceIds, L, M } = input;
  const jobAudiences = Array.from(
    { length: SYNC_JOB_COUNT },
    (_, k) => audienceIds[k % audienceIds.length],
  );
  const { rows: lists } = await client.query<{ id: string }>(
    `insert into static_list (workspace_id, name, created_at)
     select $1, 'Synced list ' || lpad(k::text, 3, '0'), now() - interval '30 days'
     from generate_series(1, $2::int) k order by k
     returning id`,
    [W, SYNC_JOB_COUNT],
  );
  const listIds = lists.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
  const { rows: jobs } = await client.query<{ id: string }>(
    `insert into sync_job (workspace_id, audience_id, list_id, status, last_sequence, next_run_at, created_at, updated_at)
     select $1, a, l, case when ord % 10 = 0 then 'PAUSED' else 'ACTIVE' end, ${RUNS_PER_JOB},
            now() + interval '1 day', now() - interval '30 days', now() - interval '1 hour'
     from unnest($2::bigint[], $3::bigint[]) with ordinality j(a, l, ord) order by ord
     returning id`,
    [W, jobAudiences, listIds],
  );
  const syncJobIds = jobs.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
  const { rowCount: memberships } = await step(
    'list memberships',
    `insert into list_membership (workspace_id, list_id, lead_id, source, added_at)
     select $1, l.id, pg_temp.bench_pick(l.ord * 1000000 + m, 5, $3), 'SYNC', now() - interval '1 day'
     from unnest($2::bigint[]) with ordinality l(id, ord), generate_series(1, $4::bigint) m
     on conflict do nothing`,
    [W, listIds, L, M],
  );
  // Stats are consistent with each list: matched leads = sync-owned members.
  const runs = `
    select j.id as job_id, r.n, r.trig,
           (select count(*) from list_membership m where m.workspace_id = $1 and m.list_id = j.list_id)::int as size,
           now() - r.ago as finished,
           case when r.n = ${RUNS_PER_JOB} and j.id % 15 = 0 then 'FAILED' else 'SUCCEEDED' end as status
    from sync_job j
    cross join (values (1, 'INITIAL', interval '30 days'), (2, 'INCREMENTAL', interval '1 day'),
                       (3, 'SCHEDULED', interval '1 hour')) r(n, trig, ago)
    where j.workspace_id = $1`;
  const stats = `jsonb_build_object(
      'audienceSize', ${FULL_SCALE.smallAudienceMembers}, 'ecidsWithCookie', size * 2,
      'ecidsWithLead', size + size / 2, 'ecidsWithoutCookie', ${FULL_SCALE.smallAudienceMembers} - size * 2,
      'ecidsAnonymousOnly', size / 2, 'matchedLeads', size, 'listSize', size,
      'added', case when n = 1 then size else n end, 'removed', case when n = 1 then 0 else 1 end)`;
  await step(
    'sync runs',
    `insert into sync_run (workspace_id, sync_job_id, trigger, status, phase, processed, total, stats, error,
                           attempts, created_at, started_at, finished_at, heartbeat_at)
     select $1, job_id, trig, status, case when status = 'FAILED' then 'FAILED' else 'COMPLETED' end,
            size, size, case when status = 'SUCCEEDED' then ${stats} end,
            case when status = 'FAILED' then 'canceling statement due to statement timeout' end,
            1, finished - interval '3 seconds', finished - interval '3 seconds', finished, finished
     from (${runs}) r order by job_id, n`,
    [W],
  );
  await step(
    'sync events',
    `insert into sync_event (workspace_id, sync_job_id, sequence, run_id, status, phase, processed, total, stats, at)
     select r.workspace_id, r.sync_job_id,
            row_number() over (partition by r.sync_job_id order by r.id)::int,
            r.id, r.status, r.phase, r.processed, r.total, r.stats, r.finished_at
     from sync_run r where r.workspace_id = $1`,
    [W],
  );
  return { listIds, syncJobIds, memberships: memberships ?? 0 };
}
