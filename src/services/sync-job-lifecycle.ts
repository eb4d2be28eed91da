import type { Caller } from '../auth/tokens.js';
import { announceWorkspaceChange } from '../db/channels.js';
import { type Queryable, withTransaction } from '../db/transaction.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { publishSyncJobChanged, publishSyncJobDeleted } from '../sync/progress.js';
import { nextReconcileSql, removeRunJob } from '../sync/queue.js';
import { cancelRunningRun, interruptRun } from '../sync/runner.js';
import { recordTrigger } from '../sync/triggers.js';
import type { ServiceDeps } from './index.js';

/**
 * What happens to a sync job after its start: pause, resume, a manual run, deletion. Each
 * locks the job's row first, so they serialise with each other and with a run applying to it.
 */
export function createSyncJobLifecycleVerbs({ config, database }: ServiceDeps) {
  const { pool } = database;
  const debounceMs = config.syncDebounceMs;

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
        await recordTrigger(tx, { workspaceId, syncJobId, trigger: 'MANUAL', debounceMs });
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
        await recordTrigger(tx, { workspaceId, syncJobId, trigger: 'MANUAL', debounceMs });
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
  };
}
