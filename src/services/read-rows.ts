import type pg from 'pg';
import type { Queryable } from '../db/transaction.js';
import type { AudienceSource } from '../entities/audience.js';
import type { SyncJobStatus } from '../entities/sync-job.js';
import type { SyncPhase, SyncRunStatus, SyncStats, SyncTrigger } from '../entities/sync-run.js';
import type { WebhookEvent } from '../entities/webhook.js';
import type { WebhookDeliveryStatus } from '../entities/webhook-delivery.js';

/**
 * What reads answer: plain rows straight from pg, no ORM hydration (hydrating costs about ten
 * times the SELECT on a page of rows). References are ids; a row may carry the rows it
 * references when one statement read them together (a sync job with its audience, folder,
 * list and last run), so that a whole dashboard page costs one statement.
 */

export interface WorkspaceRow {
  id: string;
  name: string;
  hipaaReady: boolean;
  createdAt: Date;
}

export interface IntegrationRow {
  imsOrgId: string;
  cookieSyncEnabled: boolean;
  configuredAt: Date;
}

export interface FolderRow {
  id: string;
  parentId: string | null;
  name: string;
  path: string;
  createdAt: Date;
}

export interface AudienceRow {
  id: string;
  folderId: string;
  externalId: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Where it came from: the API or an Adobe-native input. */
  source: AudienceSource;
  /** The audience's folder, when read in the same statement. */
  folder?: FolderRow;
}

export interface ListRow {
  id: string;
  name: string;
  createdAt: Date;
}

export interface LeadRow {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
}

/** A sync_run row as clients read it. */
export interface SyncRunRow {
  id: string;
  syncJobId: string;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  phase: SyncPhase;
  processed: number;
  total: number;
  /** How many times a worker has started the run (sync_run.attempts). */
  attempts: number;
  stats: SyncStats | null;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface SyncJobRow {
  id: string;
  audienceId: string;
  listId: string;
  status: SyncJobStatus;
  createdAt: Date;
  nextRunAt: Date | null;
  /** Read in the same statement as the job (absent on a deleted job's announcement). */
  audience?: AudienceRow;
  list?: ListRow;
  /** The job's latest run (null: none yet), read in the same statement as the job. */
  lastRun?: SyncRunRow | null;
  /** Set only on syncJobChanged's announcement of a deleted job. */
  deletedAt?: Date;
}

/** A webhook as clients read it: never its secret, which only createWebhook shows. */
export interface WebhookRow {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  createdAt: Date;
}

/** A delivery as clients read it (the delivery log). */
export interface WebhookDeliveryRow {
  id: string;
  webhookId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export const WORKSPACE_COLUMNS = `w.id, w.name, w.hipaa_ready as "hipaaReady", w.created_at as "createdAt"`;

export const FOLDER_COLUMNS = `f.id, f.parent_id as "parentId", f.name, f.path, f.created_at as "createdAt"`;

export const AUDIENCE_COLUMNS = `a.id, a.folder_id as "folderId", a.external_id as "externalId",
  a.name, a.description, a.created_at as "createdAt", a.updated_at as "updatedAt", a.source`;

export const LIST_COLUMNS = `l.id, l.name, l.created_at as "createdAt"`;

export const LEAD_COLUMNS = `l.id, l.email, l.first_name as "firstName", l.last_name as "lastName"`;

export const SYNC_RUN_COLUMNS = `r.id, r.sync_job_id as "syncJobId", r.trigger, r.status, r.phase,
  r.processed, r.total, r.attempts, r.stats, r.error, r.started_at as "startedAt", r.finished_at as "finishedAt"`;

export const WEBHOOK_COLUMNS = `w.id, w.url, w.events, w.description, w.created_at as "createdAt"`;
export const DELIVERY_COLUMNS = `d.id, d.webhook_id as "webhookId", d.event_type as "eventType", d.status,
  d.attempts, d.response_status as "responseStatus", d.last_error as "lastError",
  d.created_at as "createdAt", d.delivered_at as "deliveredAt"`;

/** A timestamp as epoch milliseconds (truncated to the millisecond, as pg's own Date parsing does). */
const epochMs = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;

/**
 * A sync job with its audience (and the audience's folder), its list and its latest run, in
 * one statement: `$1` is the workspace, `where` filters `sj`. Each row has `job`, the job and
 * the rows it references as one JSON object shaped as syncJobRow returns it (ids as text,
 * timestamps as epoch milliseconds), and `id`, the job's id to order by. pg then parses one
 * JSON value per job instead of 35 typed columns, which was the largest share of a dashboard
 * page's CPU.
 */
export function syncJobSelect(where: string, tail = ''): string {
  return `select json_build_object(
      'id', sj.id::text, 'audienceId', sj.audience_id::text, 'listId', sj.list_id::text,
      'status', sj.status, 'createdAt', ${epochMs('sj.created_at')},
      'nextRunAt', ${epochMs('sj.next_run_at')},
      'audience', json_build_object(
        'id', a.id::text, 'folderId', a.folder_id::text, 'externalId', a.external_id,
        'name', a.name, 'description', a.description, 'createdAt', ${epochMs('a.created_at')},
        'updatedAt', ${epochMs('a.updated_at')}, 'source', a.source,
        'folder', json_build_object(
          'id', f.id::text, 'parentId', f.parent_id::text, 'name', f.name, 'path', f.path,
          'createdAt', ${epochMs('f.created_at')})),
      'list', json_build_object(
        'id', l.id::text, 'name', l.name, 'createdAt', ${epochMs('l.created_at')}),
      'lastRun', case when r.id is null then null else json_build_object(
        'id', r.id::text, 'syncJobId', r.sync_job_id::text, 'trigger', r.trigger,
        'status', r.status, 'phase', r.phase, 'processed', r.processed, 'total', r.total,
        'attempts', r.attempts, 'stats', r.stats, 'error', r.error, 'startedAt', ${epochMs('r.started_at')},
        'finishedAt', ${epochMs('r.finished_at')}) end
    ) as job, sj.id
    from sync_job sj
    join audience a on a.id = sj.audience_id
    join audience_folder f on f.id = a.folder_id
    join static_list l on l.id = sj.list_id
    left join lateral (
      select * from sync_run
       where sync_run.sync_job_id = sj.id
       order by sync_run.id desc limit 1
    ) r on true
    where sj.workspace_id = $1 and ${where}
    ${tail}`;
}

const toDate = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/** A row of syncJobSelect as a SyncJobRow: its JSON with the timestamps made Dates again. */
export function syncJobRow(row: Record<string, unknown>): SyncJobRow {
  const job = row.job as SyncJobRow & Record<string, unknown>;
  job.createdAt = toDate(job.createdAt as unknown as number) as Date;
  job.nextRunAt = toDate(job.nextRunAt as unknown as number | null);
  const audience = job.audience as AudienceRow;
  audience.createdAt = toDate(audience.createdAt as unknown as number) as Date;
  audience.updatedAt = toDate(audience.updatedAt as unknown as number) as Date;
  const folder = audience.folder as FolderRow;
  folder.createdAt = toDate(folder.createdAt as unknown as number) as Date;
  const list = job.list as ListRow;
  list.createdAt = toDate(list.createdAt as unknown as number) as Date;
  const run = job.lastRun;
  if (run) {
    run.startedAt = toDate(run.startedAt as unknown as number | null);
    run.finishedAt = toDate(run.finishedAt as unknown as number | null);
  }
  return job;
}

/** Whether `id` can be a database id (bigint); others name nothing. */
export const isDbId = (id: string) => /^\d{1,18}$/.test(id);

/** Rows by id in the order of `ids`; null for an id without a row. */
export function inIdOrder<T extends { id: string }>(
  ids: readonly string[],
  rows: T[],
): (T | null)[] {
  const byId = new Map(rows.map((row) => [String(row.id), row]));
  return ids.map((id) => byId.get(String(id)) ?? null);
}

/**
 * The rows of `ids` in their order, in one statement: the by-ids read of every loader.
 * `select` reads the rows of workspace `$1` whose id is in `$2` (a bigint[]); `map` turns a
 * row into what is answered. An id that cannot be a database id, or that names no row of the
 * workspace, answers null; with no valid id at all, nothing is read.
 */
export async function rowsByIds<T extends { id: string }, R extends pg.QueryResultRow = T>(
  db: Queryable,
  workspaceId: string,
  ids: readonly string[],
  select: string,
  map: (row: R) => T = (row) => row as unknown as T,
): Promise<(T | null)[]> {
  const valid = ids.filter(isDbId);
  if (valid.length === 0) return ids.map(() => null);
  const { rows } = await db.query<R>(select, [workspaceId, valid]);
  return inIdOrder(ids, rows.map(map));
}

/**
 * One keyset window of a connection, by its key: rows strictly between `afterId` and
 * `beforeId` in the connection's order (either bound may be absent). Forward, the `limit`
 * rows nearest `afterId`, in the connection's order; `backward`, the `limit` rows nearest
 * `beforeId`, nearest first (the reverse of the connection's order, which the connection
 * puts back: see src/schema/pagination.ts).
 */
export interface Window {
  limit: number;
  afterId: string | null;
  beforeId?: string | null;
  backward?: boolean;
}

/** A window of a nested connection for many parents: the same window for each parent. */
export type ParentsWindow = Window;

/**
 * The keyset condition and ORDER BY of `window` over `column`, for a connection ordered
 * `order` by it (`desc`: newest first, where "after" means a smaller key). `afterParam` and
 * `beforeParam` are the positional parameters holding the window's bounds (windowBounds).
 */
export function keysetSql(
  column: string,
  order: 'asc' | 'desc',
  window: Window,
  afterParam: number,
  beforeParam: number,
  cast = 'bigint',
): { where: string; orderBy: string } {
  const [past, short] = order === 'asc' ? ['>', '<'] : ['<', '>'];
  const ascending = (order === 'asc') !== Boolean(window.backward);
  return {
    where: `($${afterParam}::${cast} is null or ${column} ${past} $${afterParam}::${cast})
      and ($${beforeParam}::${cast} is null or ${column} ${short} $${beforeParam}::${cast})`,
    orderBy: `order by ${column} ${ascending ? 'asc' : 'desc'}`,
  };
}

/** The values of keysetSql's two parameters: the window's after and before bounds. */
export function windowBounds(window: Window): [string | null, string | null] {
  return [window.afterId || null, window.beforeId || null];
}

/** The ILIKE pattern of a search term (its own %, _ and \\ match themselves); null for none. */
export function likePattern(search: string | undefined): string | null {
  return search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}
