import type { Caller } from '../auth/tokens.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { searchText } from '../domain/validation.js';
import type { SyncJobStatus } from '../entities/sync-job.js';
import type { DeletedSyncJob } from '../sync/progress.js';
import type { ServiceDeps } from './index.js';
import {
  isDbId,
  keysetSql,
  likePattern,
  rowsByIds,
  type SyncJobRow,
  syncJobRow,
  syncJobSelect,
  type Window,
  windowBounds,
} from './read-rows.js';

/** Which sync jobs `page` and `count` read: by status, and by a search of names. */
export interface SyncJobFilter {
  status?: SyncJobStatus | null;
  /** Matches part of the audience's or the list's name, any case. */
  search?: string | null;
}

/**
 * The filter of `page` and `count` over `sj` joined to its audience `a` and list `l`: `$1` the
 * workspace, `$2` the status or null, `$3` the search's ILIKE pattern or null.
 */
const JOB_FILTER = `($2::text is null or sj.status = $2)
  and ($3::text is null or a.name ilike $3 or l.name ilike $3)`;

/** How many jobs match JOB_FILTER (its parameters first). */
const COUNT_SQL = `select count(*)::int from sync_job sj
  join audience a on a.id = sj.audience_id
  join static_list l on l.id = sj.list_id
  where sj.workspace_id = $1 and ${JOB_FILTER}`;

function jobFilterParams(workspaceId: string, filter: SyncJobFilter) {
  return [workspaceId, filter.status ?? null, likePattern(searchText(filter.search, ['search']))];
}

/**
 * The statement of `page` in each direction: JOB_FILTER's parameters, then the window's bounds
 * ($4, $5) and its limit ($6). Named, so that pg prepares it once per connection and
 * PostgreSQL plans it once instead of at every request: planning this five-table statement
 * took about a quarter of PostgreSQL's CPU per dashboard page (0.6 of 2.4 ms).
 */
const PAGE_STATEMENTS = Object.fromEntries(
  (['forward', 'backward'] as const).map((way) => {
    const keyset = keysetSql(
      'sj.id',
      'asc',
      { limit: 0, afterId: null, backward: way === 'backward' },
      4,
      5,
    );
    const direction = way === 'backward' ? 'desc' : 'asc';
    return [
      way,
      {
        name: `sync-job-page-${way}`,
        text: `select coalesce(json_agg(p.job order by p.id ${direction}), '[]'::json) as jobs,
                (${COUNT_SQL}) as total
           from (${syncJobSelect(`${JOB_FILTER} and ${keyset.where}`, `${keyset.orderBy} limit $6`)}) p`,
      },
    ];
  }),
) as Record<'forward' | 'backward', { name: string; text: string }>;

/** A sync job as syncJobChanged announces it: a deleted one carries `deletedAt`. */
export type AnnouncedSyncJob = SyncJobRow;

/**
 * Reads of sync jobs (each with its audience, folder, list and last run), and what the
 * subscriptions' live streams may show and load: a job of another workspace behaves as if it
 * did not exist.
 */
export function createSyncJobReadVerbs({ database }: ServiceDeps) {
  const { pool } = database;

  return {
    /** Sync jobs by id, in order; null for an id that does not exist in the caller's workspace. */
    byIds(caller: Caller, ids: readonly string[]): Promise<(SyncJobRow | null)[]> {
      return rowsByIds(
        pool,
        caller.workspaceId,
        ids,
        syncJobSelect('sj.id = any($2::bigint[])'),
        syncJobRow,
      );
    },

    /** The sync jobs fed by any of the audiences, in id order. */
    async byAudiences(caller: Caller, audienceIds: readonly string[]): Promise<SyncJobRow[]> {
      const { rows } = await pool.query(
        syncJobSelect('sj.audience_id = any($2::bigint[])', 'order by sj.id'),
        [caller.workspaceId, audienceIds.filter(isDbId)],
      );
      return rows.map(syncJobRow);
    },

    /** The sync job feeding each list, in the order asked (null for a list without one). */
    async byLists(caller: Caller, listIds: readonly string[]): Promise<(SyncJobRow | null)[]> {
      const { rows } = await pool.query(syncJobSelect('sj.list_id = any($2::bigint[])'), [
        caller.workspaceId,
        listIds.filter(isDbId),
      ]);
      const byList = new Map(rows.map(syncJobRow).map((job) => [job.listId, job]));
      return listIds.map((id) => byList.get(id) ?? null);
    },

    /**
     * A window of the caller's sync jobs in id order, optionally by status and by a search of
     * the audience's or the list's name, each with its audience, folder, list and last run, and
     * how many jobs match the filter across every page: one statement, answering one JSON
     * array for the window (one value to parse however long the page), in the window's order.
     */
    async page(
      caller: Caller,
      input: SyncJobFilter & Window,
    ): Promise<{ rows: SyncJobRow[]; total: number }> {
      const { rows } = await pool.query<{ jobs: Record<string, unknown>[]; total: number }>({
        ...PAGE_STATEMENTS[input.backward ? 'backward' : 'forward'],
        values: [
          ...jobFilterParams(caller.workspaceId, input),
          ...windowBounds(input),
          input.limit,
        ],
      });
      return { rows: rows[0].jobs.map((job) => syncJobRow({ job })), total: rows[0].total };
    },

    /** How many sync jobs `page` pages through. */
    async count(caller: Caller, input: SyncJobFilter): Promise<number> {
      const { rows } = await pool.query<{ n: number }>(
        COUNT_SQL,
        jobFilterParams(caller.workspaceId, input),
      );
      return rows[0]?.n ?? 0;
    },

    /**
     * Whether the caller may follow a sync job's progress (syncProgress): NOT_FOUND for a job
     * that does not exist, VALIDATION for a negative `afterSequence`. Returns what the stream
     * replays from.
     */
    async visibleForProgress(
      caller: Caller,
      input: { syncJobId: string; afterSequence: number | null },
    ): Promise<{ syncJobId: string; afterSequence: number | null }> {
      const after = input.afterSequence;
      if (after !== null && after < 0) {
        throw ValidationError.field(['afterSequence'], 'afterSequence must be 0 or more');
      }
      const job = await pool.query('select 1 from sync_job where id = $1 and workspace_id = $2', [
        input.syncJobId,
        caller.workspaceId,
      ]);
      if (job.rowCount === 0) throw new NotFoundError('SyncJob');
      return { syncJobId: input.syncJobId, afterSequence: after };
    },

    /**
     * A changed sync job of the caller's workspace as syncJobChanged delivers it, loaded now;
     * a deleted job comes as it was, with `deletedAt`. Null: nothing to deliver.
     */
    async changedJob(
      caller: Caller,
      syncJobId: string,
      deleted: DeletedSyncJob | null,
    ): Promise<AnnouncedSyncJob | null> {
      if (deleted) return deletedJob(deleted);
      const { rows } = await pool.query(syncJobSelect('sj.id = $2'), [
        caller.workspaceId,
        syncJobId,
      ]);
      return rows[0] ? syncJobRow(rows[0]) : null;
    },
  };
}

/** A deleted sync job as the SyncJob type resolves it: its last state, plus deletedAt. */
function deletedJob(job: DeletedSyncJob): AnnouncedSyncJob {
  return {
    id: job.id,
    audienceId: job.audienceId,
    listId: job.listId,
    status: job.status,
    createdAt: new Date(job.createdAt),
    nextRunAt: job.nextRunAt === null ? null : new Date(job.nextRunAt),
    deletedAt: new Date(job.deletedAt),
  };
}
