import type { Queryable } from './transaction.js';

/**
 * Every PostgreSQL NOTIFY channel, in one leaf: the engine and the services NOTIFY on them,
 * src/realtime and the sync worker LISTEN. Names only (and the one announcement every writer
 * makes), so no writer depends on the listening side.
 */

/**
 * NOTIFY channel of a sync job's progress feed; the payload is JSON, a stored
 * SyncProgressEvent or, last of all, a SyncJobDeletedNotice. Both travel on one channel so
 * that the deletion reaches every api process after the job's last event, never before it.
 */
export const SYNC_PROGRESS_CHANNEL = 'sync_progress';
/** NOTIFY channel for "a sync job changed status or finished a run"; payload SyncJobChangedEvent. */
export const SYNC_JOB_CHANGED_CHANNEL = 'sync_job_changed';

/**
 * NOTIFY channel of a Marketo push's progress; the payload is JSON, a MarketoPushProgressNotice:
 * which push moved (its row holds the counters), at most once per PROGRESS_THROTTLE_MS while it
 * runs and once more when it ends (`final`).
 */
export const MARKETO_PUSH_PROGRESS_CHANNEL = 'marketo_push_progress';

/** What MARKETO_PUSH_PROGRESS_CHANNEL carries (database ids). */
export interface MarketoPushProgressNotice {
  workspaceId: string;
  listId: string;
  mirrorId: string;
  pushId: string;
  status: string;
  final: boolean;
}

/** NOTIFY channel telling worker processes that a run falls due in `payload` ms (0: now). */
export const SYNC_WAKEUP_CHANNEL = 'sync_wakeup';

/**
 * NOTIFY channel of "what reads of this workspace answer may have changed"; the payload is the
 * workspace id. Every api process LISTENs to it (with the progress and job channels, which
 * carry their workspace too) and drops its cached answers of that workspace.
 */
export const WORKSPACE_CHANGED_CHANNEL = 'workspace_changed';

/**
 * NOTIFY channel of a revoked or deleted token; the payload is the token id. A trigger on
 * api_token sends it (Migration20261201131009), so a revocation by any path (the CLI, SQL by
 * hand) reaches every api process.
 */
export const TOKEN_REVOKED_CHANNEL = 'api_token_revoked';

/**
 * The one call a writer makes so that no api process answers a read of `workspaceId` from
 * before its change: inside the writer's transaction, so it is delivered at COMMIT (and not
 * at all on ROLLBACK). Writers that record identity changes get it from recordIdentityChange
 * (src/sync/triggers.ts), and every GraphQL mutation gets it from useMutationChangeSignal;
 * sync progress and run ends are announced on their own channels. The webhook worker
 * announces each recorded attempt, and the retention purges announce each workspace they
 * deleted from (with pg_notify on this channel in their DELETE statement).
 */
export async function announceWorkspaceChange(db: Queryable, workspaceId: string): Promise<void> {
  await db.query('select pg_notify($1, $2)', [WORKSPACE_CHANGED_CHANNEL, workspaceId]);
}
