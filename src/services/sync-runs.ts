import type { Caller } from '../auth/tokens.js';
import { checkEcid, checkEmail, required } from '../domain/validation.js';
import type { SyncStats } from '../entities/sync-run.js';
import {
  explainLead,
  explainMatch,
  type LeadMatchExplanation,
  type MatchExplanation,
} from '../sync/explain.js';
import {
  latestSyncProgress,
  type SyncProgressEvent,
  storedSyncProgress,
} from '../sync/progress.js';
import { intoNewList, resolvePreview, syncStats } from '../sync/resolve.js';
import type { ServiceDeps } from './index.js';
import {
  keysetSql,
  rowsByIds,
  SYNC_RUN_COLUMNS,
  type SyncRunRow,
  type Window,
  windowBounds,
} from './read-rows.js';

/**
 * The runs of sync jobs and their progress events, and the dry runs beside them (previews and
 * match explanations), within the caller's workspace.
 */
export function createSyncRunVerbs({ database }: ServiceDeps) {
  const { pool } = database;

  return {
    /** A window of a job's runs, newest first (`afterId` bounds the newer side). */
    async runs(caller: Caller, input: { syncJobId: string } & Window): Promise<SyncRunRow[]> {
      const keyset = keysetSql('r.id', 'desc', input, 3, 4);
      const result = await pool.query<SyncRunRow>(
        `select ${SYNC_RUN_COLUMNS} from sync_run r
         where r.workspace_id = $1 and r.sync_job_id = $2 and ${keyset.where}
         ${keyset.orderBy} limit $5`,
        [caller.workspaceId, input.syncJobId, ...windowBounds(input), input.limit],
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
    runsByIds(caller: Caller, ids: readonly string[]): Promise<(SyncRunRow | null)[]> {
      return rowsByIds(
        pool,
        caller.workspaceId,
        ids,
        `select ${SYNC_RUN_COLUMNS} from sync_run r where r.workspace_id = $1 and r.id = any($2::bigint[])`,
      );
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
     * Why the lead with this email is or is not matched by the audience (an audience of the
     * caller's workspace, already loaded): the question a Marketo user asks. The email is
     * validated and normalized (trimmed, lower case) here, as leads store it.
     */
    explainLead(caller: Caller, audienceId: string, email: string): Promise<LeadMatchExplanation> {
      return explainLead(
        pool,
        caller.workspaceId,
        audienceId,
        required(checkEmail(email), ['email']),
      );
    },
  };
}
