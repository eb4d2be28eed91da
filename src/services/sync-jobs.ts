import type { Caller } from '../auth/tokens.js';
import { announceWorkspaceChange } from '../db/channels.js';
import { isUniqueViolation, type Queryable, withTransaction } from '../db/transaction.js';
import {
  AlreadySyncingError,
  HipaaRestrictedError,
  IntegrationNotConfiguredError,
  ListAlreadySyncedError,
  NameTakenError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.js';
import { checkEcid, checkName, required } from '../domain/validation.js';
import type { SyncJobStatus } from '../entities/sync-job.js';
import type { SyncStats } from '../entities/sync-run.js';
import { explainMatch, type MatchExplanation } from '../sync/explain.js';
import {
  type DeletedSyncJob,
  latestSyncProgress,
  publishSyncJobChanged,
  publishSyncJobDeleted,
  type SyncProgressEvent,
  storedSyncProgress,
} from '../sync/progress.js';
import { nextReconcileSql, removeRunJob } from '../sync/queue.js';
import { intoNewList, resolvePreview, syncStats } from '../sync/resolve.js';
import { cancelRunningRun, interruptRun } from '../sync/runner.js';
import { recordTrigger } from '../sync/triggers.js';
import type { ServiceDeps } from './index.js';
import { createListIn } from './lists.js';
import {
  inIdOrder,
  isDbId,
  SYNC_RUN_COLUMNS,
  type SyncJobRow,
  type SyncRunRow,
  syncJobRow,
  syncJobSelect,
} from './read-rows.js';

export interface StartAudienceSyncInput {
  audienceId: string;
  listId?: string | null;
  newListName?: string | null;
}

/** A sync job as syncJobChanged announces it: a deleted one carries `deletedAt`. */
export type AnnouncedSyncJob = SyncJobRow;

export type { SyncRunRow };

/** Attempts of a start that lost a race to a transaction which then let go of the list. */
const START_ATTEMPTS = 3;

/** The list a start feeds: an existing one by id, or a new one by name. */
type ListTarget = { listId: string } | { name: string };

/**
 * A start's new list name was taken by a concurrent transaction that committed after this
 * start looked: what holds the name now decides the answer (see start).
 */
class LostListRace extends Error {
  constructor(readonly taken: NameTakenError) {
    super(taken.message);
    this.name = 'LostListRace';
  }
}

/**
 * Sync jobs, their runs and progress, previews and match explanations, and what the
 * subscriptions' live streams (src/realtime/streams.ts) may show and load. Every verb acts within the caller's workspace: a job, run or audience of
 * another workspace behaves as if it did not exist.
 */
export function createSyncJobService({ config, database }: ServiceDeps) {
  const { pool } = database;

  /**
   * Why a start on `target` cannot go ahead, judged from what `db` sees: the same audience
   * already feeds the list (ALREADY_SYNCING: the sync is started once, whether the list was
   * named by id or by the name the first start gave it), another sync job feeds it
   * (LIST_ALREADY_SYNCED), or the new name belongs to another list (NAME_TAKEN). Null when
   * nothing stands in the way.
   */
  async function listConflict(
    db: Queryable,
    workspaceId: string,
    audienceId: string,
    target: ListTarget,
  ): Promise<Error | null> {
    const byName = 'name' in target;
    const result = await db.query<{ audience_id: string | null }>(
      `select sj.audience_id::text as audience_id
       from static_list l left join sync_job sj on sj.list_id = l.id
       where l.workspace_id = $1 and ${byName ? 'lower(l.name) = lower($2)' : 'l.id = $2'}`,
      [workspaceId, byName ? target.name : target.listId],
    );
    const row = result.rows[0];
    if (!row) return null;
    if (row.audience_id === audienceId) return new AlreadySyncingError();
    if (byName) return new NameTakenError('List', target.name);
    if (row.audience_id !== null) return new ListAlreadySyncedError();
    return null;
  }

  async function newList(
    tx: Queryable,
    workspaceId: string,
    audienceId: string,
    name: string,
  ): Promise<string> {
    const conflict = await listConflict(tx, workspaceId, audienceId, { name });
    if (conflict) throw conflict;
    try {
      return await createListIn(tx, workspaceId, name);
    } catch (error) {
      // The check above saw no such name, so a concurrent start or createList took it since.
      if (error instanceof NameTakenError) throw new LostListRace(error);
      throw error;
    }
  }

  async function existingList(
    tx: Queryable,
    workspaceId: string,
    audienceId: string,
    listId: string,
  ): Promise<string> {
    const list = await tx.query<{ audience_id: string | null }>(
      `select sj.audience_id::text as audience_id from static_list l left join sync_job sj on sj.list_id = l.id
       where l.id = $1 and l.workspace_id = $2 for share of l`,
      [listId, workspaceId],
    );
    const row = list.rows[0];
    if (!row) throw new NotFoundError('List');
    if (row.audience_id === audienceId) throw new AlreadySyncingError();
    if (row.audience_id !== null) throw new ListAlreadySyncedError();
    return listId;
  }

  function startOnce(workspaceId: string, audienceId: string, target: ListTarget) {
    return withTransaction(pool, async (tx) => {
      const workspace = await tx.query<{ hipaa_ready: boolean; configured: boolean }>(
        `select w.hipaa_ready, exists (select 1 from experience_cloud_integration i where i.workspace_id = w.id) as configured
         from workspace w where w.id = $1`,
        [workspaceId],
      );
      const ws = workspace.rows[0];
      if (!ws) throw new NotFoundError('Workspace');
      if (ws.hipaa_ready) throw new HipaaRestrictedError();
      if (!ws.configured) throw new IntegrationNotConfiguredError();
      const audience = await tx.query(
        'select 1 from audience where id = $1 and workspace_id = $2 for share',
        [audienceId, workspaceId],
      );
      if (audience.rowCount === 0) throw new NotFoundError('Audience');
      const listId =
        'name' in target
          ? await newList(tx, workspaceId, audienceId, target.name)
          : await existingList(tx, workspaceId, audienceId, target.listId);
      const job = await tx.query<{ id: string }>(
        `insert into sync_job (workspace_id, audience_id, list_id, status, next_run_at)
         values ($1, $2, $3, 'ACTIVE', ${nextReconcileSql('$4')}) returning id`,
        [workspaceId, audienceId, listId, config.syncReconcileIntervalMs],
      );
      const syncJobId = job.rows[0]?.id as string;
      await recordTrigger(tx, {
        workspaceId,
        syncJobId,
        trigger: 'INITIAL',
        debounceMs: config.syncDebounceMs,
      });
      await announceWorkspaceChange(tx, workspaceId);
      return syncJobId;
    });
  }

  async function lockJob(
    tx: Queryable,
    workspaceId: string,
    syncJobId: string,
  ): Promise<{ status: string }> {
    const job = await tx.query<{ status: string }>(
      'select status from sync_job where id = $1 and workspace_id = $2 for update',
      [syncJobId, workspaceId],
    );
    const row = job.rows[0];
    if (!row) throw new NotFoundError('SyncJob');
    return row;
  }

  return {
    /**
     * Starts syncing an audience into an existing list or a new one, and queues its INITIAL
     * run, all in one transaction. Returns the new sync job's id.
     *
     * Concurrent starts are decided by the unique indexes (one sync job per list, list names
     * per workspace): the losers' inserts wait for the winner's commit and then fail. Each loser
     * then looks at what holds the list now, so it answers as a later start would:
     * ALREADY_SYNCING when the same audience feeds it, LIST_ALREADY_SYNCED (or NAME_TAKEN for a
     * new list name) when something else does.
     */
    async start(caller: Caller, input: StartAudienceSyncInput): Promise<string> {
      const { workspaceId } = caller;
      const hasList = input.listId != null;
      const hasName = input.newListName != null;
      if (hasList === hasName) {
        const message = 'Give exactly one of listId and newListName';
        throw new ValidationError(message, [
          { path: ['input', 'listId'], message },
          { path: ['input', 'newListName'], message },
        ]);
      }
      const newListName = hasName
        ? required(checkName(input.newListName ?? ''), ['input', 'newListName'])
        : null;
      const target: ListTarget = newListName
        ? { name: newListName }
        : { listId: input.listId as string };
      for (let attempt = 1; ; attempt++) {
        try {
          return await startOnce(workspaceId, input.audienceId, target);
        } catch (error) {
          const lost = error instanceof LostListRace;
          if (!lost && !isUniqueViolation(error)) throw error;
          const conflict = await listConflict(pool, workspaceId, input.audienceId, target);
          if (conflict) throw conflict;
          // Whatever held the list or name is gone again (rolled back or deleted): start afresh.
          if (attempt >= START_ATTEMPTS) throw lost ? error.taken : error;
        }
      }
    },

    /**
     * Pauses a sync job: no trigger queues a run any more, and its queued and running runs
     * end CANCELLED. A running run stops where it is (its statement in progress is
     * cancelled) and its list stays as it was before it; a run already writing the list
     * finishes first, and the pause waits for it. Idempotent.
     */
    async pause(caller: Caller, input: { id: string }): Promise<void> {
      const { workspaceId } = caller;
      const syncJobId = input.id;
      const stopped = await withTransaction(pool, async (tx) => {
        const job = await lockJob(tx, workspaceId, syncJobId);
        if (job.status === 'PAUSED') return false;
        await tx.query(
          `update sync_job set status = 'PAUSED', next_run_at = null, updated_at = now() where id = $1`,
          [syncJobId],
        );
        await tx.query(
          `update sync_run set status = 'CANCELLED', finished_at = now()
           where sync_job_id = $1 and status = 'QUEUED'`,
          [syncJobId],
        );
        const running = await cancelRunningRun(
          tx,
          workspaceId,
          syncJobId,
          'The sync job was paused',
        );
        // Resuming recomputes in full, so changes noted until now (the cancelled run's
        // included) are moot.
        await tx.query(
          'delete from sync_change where workspace_id = $1 and sync_job_id = $2 and run_id is null',
          [workspaceId, syncJobId],
        );
        await removeRunJob(tx, syncJobId);
        await publishSyncJobChanged(tx, { workspaceId, syncJobId });
        return running;
      });
      // Once committed, so that the interrupted run finds itself cancelled.
      if (stopped) await interruptRun(pool, syncJobId);
    },

    /** Resumes a paused sync job and queues a full run at once. Idempotent. */
    async resume(caller: Caller, input: { id: string }): Promise<void> {
      const { workspaceId } = caller;
      const syncJobId = input.id;
      await withTransaction(pool, async (tx) => {
        const job = await lockJob(tx, workspaceId, syncJobId);
        if (job.status === 'ACTIVE') return;
        await tx.query(
          `update sync_job set status = 'ACTIVE', updated_at = now(),
             next_run_at = ${nextReconcileSql('$2')} where id = $1`,
          [syncJobId, config.syncReconcileIntervalMs],
        );
        await recordTrigger(tx, {
          workspaceId,
          syncJobId,
          trigger: 'MANUAL',
          debounceMs: config.syncDebounceMs,
        });
        await publishSyncJobChanged(tx, { workspaceId, syncJobId });
      });
    },

    /** Queues a MANUAL full run now (folded into the pending one if any). A paused job is refused. */
    async runNow(caller: Caller, input: { id: string }): Promise<void> {
      const { workspaceId } = caller;
      const syncJobId = input.id;
      await withTransaction(pool, async (tx) => {
        const job = await lockJob(tx, workspaceId, syncJobId);
        if (job.status !== 'ACTIVE') {
          throw ValidationError.field(
            ['input', 'id'],
            'The sync job is paused: resume it to run it',
          );
        }
        await recordTrigger(tx, {
          workspaceId,
          syncJobId,
          trigger: 'MANUAL',
          debounceMs: config.syncDebounceMs,
        });
        // The job's last run is now the queued one.
        await announceWorkspaceChange(tx, workspaceId);
      });
    },

    /**
     * Deletes a sync job, its runs and events. The list and its members stay as they are: a
     * running run stops where it is, as on a pause (its progress subscribers get its
     * CANCELLED event last). On commit, every api process completes the job's progress
     * subscriptions and announces the deletion on syncJobChanged (see publishSyncJobDeleted).
     */
    async delete(caller: Caller, input: { id: string }): Promise<void> {
      const { workspaceId } = caller;
      const syncJobId = input.id;
      const stopped = await withTransaction(pool, async (tx) => {
        await lockJob(tx, workspaceId, syncJobId);
        const running = await cancelRunningRun(
          tx,
          workspaceId,
          syncJobId,
          'The sync job was deleted',
        );
        // Before the row goes: the announcement is the job as it was.
        await publishSyncJobDeleted(tx, workspaceId, syncJobId);
        await tx.query('delete from sync_change where workspace_id = $1 and sync_job_id = $2', [
          workspaceId,
          syncJobId,
        ]);
        await tx.query('delete from sync_event where workspace_id = $1 and sync_job_id = $2', [
          workspaceId,
          syncJobId,
        ]);
        await tx.query('delete from sync_job where id = $1', [syncJobId]);
        await removeRunJob(tx, syncJobId);
        return running;
      });
      if (stopped) await interruptRun(pool, syncJobId);
    },

    /** Sync jobs by id, in order; null for an id that does not exist in the caller's workspace. */
    async byIds(caller: Caller, ids: readonly string[]): Promise<(SyncJobRow | null)[]> {
      const valid = ids.filter(isDbId);
      if (valid.length === 0) return ids.map(() => null);
      const { rows } = await pool.query(syncJobSelect('sj.id = any($2::bigint[])'), [
        caller.workspaceId,
        valid,
      ]);
      return inIdOrder(ids, rows.map(syncJobRow));
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
     * A page of the caller's sync jobs in id order, after `afterKey`, optionally by status,
     * each with its audience, folder, list and last run, and how many jobs match the status
     * across every page: one statement, answering one JSON array for the page (one value to
     * parse however long the page).
     */
    async page(
      caller: Caller,
      input: { status?: SyncJobStatus | null; limit: number; afterKey: string | null },
    ): Promise<{ rows: SyncJobRow[]; total: number }> {
      const { rows } = await pool.query<{ jobs: Record<string, unknown>[]; total: number }>(
        `select coalesce(json_agg(p.job order by p.id), '[]'::json) as jobs,
                (select count(*)::int from sync_job
                  where workspace_id = $1 and ($2::text is null or status = $2)) as total
           from (${syncJobSelect(
             '($2::text is null or sj.status = $2) and ($3::bigint is null or sj.id > $3)',
             'order by sj.id limit $4',
           )}) p`,
        [caller.workspaceId, input.status ?? null, input.afterKey, input.limit],
      );
      return { rows: rows[0].jobs.map((job) => syncJobRow({ job })), total: rows[0].total };
    },

    /** How many sync jobs the caller's workspace has, optionally of one status. */
    async count(caller: Caller, input: { status?: SyncJobStatus | null }): Promise<number> {
      const { rows } = await pool.query<{ n: number }>(
        `select count(*)::int as n from sync_job
          where workspace_id = $1 and ($2::text is null or status = $2)`,
        [caller.workspaceId, input.status ?? null],
      );
      return rows[0]?.n ?? 0;
    },

    /** A page of a job's runs, newest first, before the run `afterKey`. */
    async runs(
      caller: Caller,
      input: { syncJobId: string; limit: number; afterKey: string | null },
    ): Promise<SyncRunRow[]> {
      const result = await pool.query<SyncRunRow>(
        `select ${SYNC_RUN_COLUMNS} from sync_run r
         where r.workspace_id = $1 and r.sync_job_id = $2 and ($3::bigint is null or r.id < $3)
         order by r.id desc limit $4`,
        [caller.workspaceId, input.syncJobId, input.afterKey, input.limit],
      );
      return result.rows;
    },

    /** How many runs a job has had. */
    async runCount(caller: Caller, input: { syncJobId: string }): Promise<number> {
      const result = await pool.query<{ n: number }>(
        'select count(*)::int as n from sync_run where workspace_id = $1 and sync_job_id = $2',
        [caller.workspaceId, input.syncJobId],
      );
      return result.rows[0]?.n ?? 0;
    },

    /** Runs by id, in the order asked; null for an id that does not exist in the workspace. */
    async runsByIds(caller: Caller, ids: readonly string[]): Promise<(SyncRunRow | null)[]> {
      const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
      const result = valid.length
        ? await pool.query<SyncRunRow>(
            `select ${SYNC_RUN_COLUMNS} from sync_run r where r.workspace_id = $1 and r.id = any($2::bigint[])`,
            [caller.workspaceId, valid],
          )
        : { rows: [] };
      const byId = new Map(result.rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    },

    /** The latest run of each job, in one statement for a whole page of jobs. */
    async lastRuns(caller: Caller, syncJobIds: readonly string[]): Promise<(SyncRunRow | null)[]> {
      const result = await pool.query<SyncRunRow>(
        `select distinct on (r.sync_job_id) ${SYNC_RUN_COLUMNS} from sync_run r
         where r.workspace_id = $1 and r.sync_job_id = any($2::bigint[])
         order by r.sync_job_id, r.id desc`,
        [caller.workspaceId, syncJobIds],
      );
      const byJob = new Map(result.rows.map((row) => [row.syncJobId, row]));
      return syncJobIds.map((id) => byJob.get(id) ?? null);
    },

    /** The latest stored progress event of each job, in one statement. */
    progress(caller: Caller, syncJobIds: readonly string[]): Promise<(SyncProgressEvent | null)[]> {
      return latestSyncProgress(pool, caller.workspaceId, syncJobIds);
    },

    /** Stored progress events of a job after `afterSequence`, in order (at most `limit`). */
    events(
      caller: Caller,
      input: { syncJobId: string; afterSequence: number; limit?: number },
    ): Promise<SyncProgressEvent[]> {
      return storedSyncProgress(
        pool,
        caller.workspaceId,
        input.syncJobId,
        input.afterSequence,
        input.limit,
      );
    },

    /**
     * A dry run (previewAudienceSync): the statistics a sync of the audience into a new list
     * would produce now, from the same resolution and stats derivation as a run. Writes
     * nothing; null when the audience does not exist.
     */
    async preview(caller: Caller, audienceId: string): Promise<SyncStats | null> {
      const exists = await pool.query(
        'select 1 from audience where id = $1 and workspace_id = $2',
        [audienceId, caller.workspaceId],
      );
      if (exists.rowCount === 0) return null;
      const resolution = await resolvePreview(pool, caller.workspaceId, audienceId);
      return syncStats(resolution, intoNewList(resolution));
    },

    /**
     * Why an ECID does or does not bring leads into a sync of the audience (an audience of the
     * caller's workspace, already loaded). The ECID is validated here.
     */
    explain(caller: Caller, audienceId: string, ecid: string): Promise<MatchExplanation> {
      return explainMatch(
        pool,
        caller.workspaceId,
        audienceId,
        required(checkEcid(ecid), ['ecid']),
      );
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

export type SyncJobService = ReturnType<typeof createSyncJobService>;

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
