import type { AudienceSource } from '../entities/audience.js';
import type { SyncJobStatus } from '../entities/sync-job.js';
import type { SyncPhase, SyncRunStatus, SyncStats, SyncTrigger } from '../entities/sync-run.js';

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

export const WORKSPACE_COLUMNS = `w.id, w.name, w.hipaa_ready as "hipaaReady", w.created_at as "createdAt"`;

export const FOLDER_COLUMNS = `f.id, f.parent_id as "parentId", f.name, f.path, f.created_at as "createdAt"`;

export const AUDIENCE_COLUMNS = `a.id, a.folder_id as "folderId", a.external_id as "externalId",
  a.name, a.description, a.created_at as "createdAt", a.updated_at as "updatedAt", a.source`;

export const LIST_COLUMNS = `l.id, l.name, l.created_at as "createdAt"`;

export const LEAD_COLUMNS = `l.id, l.email, l.first_name as "firstName", l.last_name as "lastName"`;

export const SYNC_RUN_COLUMNS = `r.id, r.sync_job_id as "syncJobId", r.trigger, r.status, r.phase,
  r.processed, r.total, r.stats, r.error, r.started_at as "startedAt", r.finished_at as "finishedAt"`;

/**
 * A sync job with its audience (and the audience's folder), its list and its latest run, in
 * one statement: `$1` is the workspace, `where` filters `sj`. Columns of the joined rows are
 * prefixed (`a.`, `f.`, `l.`, `r.`) and taken apart by syncJobRow.
 */
export function syncJobSelect(where: string, tail = ''): string {
  return `select sj.id, sj.audience_id as "audienceId", sj.list_id as "listId", sj.status,
      sj.created_at as "createdAt", sj.next_run_at as "nextRunAt",
      a.id as "a.id", a.folder_id as "a.folderId", a.external_id as "a.externalId",
      a.name as "a.name", a.description as "a.description", a.created_at as "a.createdAt",
      a.updated_at as "a.updatedAt", a.source as "a.source",
      f.id as "f.id", f.parent_id as "f.parentId", f.name as "f.name", f.path as "f.path",
      f.created_at as "f.createdAt",
      l.id as "l.id", l.name as "l.name", l.created_at as "l.createdAt",
      r.id as "r.id", r.sync_job_id as "r.syncJobId", r.trigger as "r.trigger",
      r.status as "r.status", r.phase as "r.phase", r.processed as "r.processed",
      r.total as "r.total", r.stats as "r.stats", r.error as "r.error",
      r.started_at as "r.startedAt", r.finished_at as "r.finishedAt"
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

/** Takes apart a row of syncJobSelect into the job and the rows it references. */
export function syncJobRow(row: Record<string, unknown>): SyncJobRow {
  const part = <T>(prefix: string): T => {
    const out: Record<string, unknown> = {};
    for (const key in row) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = row[key];
    return out as T;
  };
  const folder = part<FolderRow>('f.');
  const audience = { ...part<AudienceRow>('a.'), folder };
  const run = part<SyncRunRow>('r.');
  return {
    id: row.id as string,
    audienceId: row.audienceId as string,
    listId: row.listId as string,
    status: row.status as SyncJobStatus,
    createdAt: row.createdAt as Date,
    nextRunAt: row.nextRunAt as Date | null,
    audience,
    list: part<ListRow>('l.'),
    lastRun: run.id === null ? null : run,
  };
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
