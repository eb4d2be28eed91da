import type pg from 'pg';
import type { App } from '../app.js';
import { withTransaction } from '../db/transaction.js';
import { publishSyncJobChanged, publishSyncJobDeleted } from '../sync/progress.js';
import { recordTrigger, syncJobKey } from '../sync/triggers.js';
import {
  AlreadySyncingError,
  HipaaRestrictedError,
  IntegrationNotConfiguredError,
  ListAlreadySyncedError,
  NameTakenError,
  NotFoundError,
  ValidationError,
} from './errors.js';
import { checkName, required } from './validation.js';

export interface StartAudienceSyncInput {
  audienceId: string;
  listId?: string | null;
  newListName?: string | null;
}

const UNIQUE_VIOLATION = '23505';
/** Attempts of a start that lost a race to a transaction which then let go of the list. */
const START_ATTEMPTS = 3;

/**
 * Starts syncing an audience into an existing list or a new one, and queues its INITIAL run,
 * all in one transaction. Returns the new sync job's id.
 *
 * Concurrent starts are decided by the unique indexes (one sync job per list, list names per
 * workspace): the losers' inserts wait for the winner's commit and then fail. Each loser then
 * looks at what holds the list now, so it answers as a later start would: ALREADY_SYNCING when
 * the same audience feeds it, LIST_ALREADY_SYNCED (or NAME_TAKEN for a new list name) when
 * something else does.
 */
export async function startAudienceSync(
  app: App,
  workspaceId: string,
  input: StartAudienceSyncInput,
): Promise<string> {
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
      return await startOnce(app, workspaceId, input.audienceId, target);
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      const conflict = await listConflict(app.database.pool, workspaceId, input.audienceId, target);
      if (conflict) throw conflict;
      // Whatever held the list or name is gone again (rolled back or deleted): start afresh.
      if (attempt >= START_ATTEMPTS) throw error;
    }
  }
}

/** The list a start feeds: an existing one by id, or a new one by name. */
type ListTarget = { listId: string } | { name: string };

async function startOnce(
  app: App,
  workspaceId: string,
  audienceId: string,
  target: ListTarget,
): Promise<string> {
  return withTransaction(app.database.pool, async (tx) => {
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
        ? await createList(tx, workspaceId, audienceId, target.name)
        : await existingList(tx, workspaceId, audienceId, target.listId);
    const job = await tx.query<{ id: string }>(
      `insert into sync_job (workspace_id, audience_id, list_id, status, next_run_at)
       values ($1, $2, $3, 'ACTIVE', now() + $4 * interval '1 millisecond') returning id`,
      [workspaceId, audienceId, listId, app.config.syncReconcileIntervalMs],
    );
    const syncJobId = job.rows[0]?.id as string;
    await recordTrigger(tx, {
      workspaceId,
      syncJobId,
      trigger: 'INITIAL',
      debounceMs: app.config.syncDebounceMs,
    });
    return syncJobId;
  });
}

/**
 * Why a start on `target` cannot go ahead, judged from committed state: the same audience
 * already feeds the list (ALREADY_SYNCING: the sync is started once, whether the list was named
 * by id or by the name the first start gave it), another sync job feeds it
 * (LIST_ALREADY_SYNCED), or the new name belongs to another list (NAME_TAKEN). Null when
 * nothing stands in the way.
 */
async function listConflict(
  db: Pick<pg.Pool | pg.PoolClient, 'query'>,
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

async function createList(
  tx: pg.PoolClient,
  workspaceId: string,
  audienceId: string,
  name: string,
): Promise<string> {
  const conflict = await listConflict(tx, workspaceId, audienceId, { name });
  if (conflict) throw conflict;
  const list = await tx.query<{ id: string }>(
    'insert into static_list (workspace_id, name) values ($1, $2) returning id',
    [workspaceId, name],
  );
  return list.rows[0]?.id as string;
}

async function existingList(
  tx: pg.PoolClient,
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

async function lockJob(
  tx: pg.PoolClient,
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

/**
 * Pauses a sync job: no trigger queues a run any more and the queued run is cancelled. A run
 * already executing finishes. Idempotent.
 */
export async function pauseSyncJob(app: App, workspaceId: string, syncJobId: string) {
  await withTransaction(app.database.pool, async (tx) => {
    const job = await lockJob(tx, workspaceId, syncJobId);
    if (job.status === 'PAUSED') return;
    await tx.query(
      `update sync_job set status = 'PAUSED', next_run_at = null, updated_at = now() where id = $1`,
      [syncJobId],
    );
    await tx.query(
      `update sync_run set status = 'CANCELLED', finished_at = now()
       where sync_job_id = $1 and status = 'QUEUED'`,
      [syncJobId],
    );
    // Resuming recomputes in full, so changes noted until now are moot.
    await tx.query(
      'delete from sync_change where workspace_id = $1 and sync_job_id = $2 and run_id is null',
      [workspaceId, syncJobId],
    );
    await tx.query('select graphile_worker.remove_job($1)', [syncJobKey(syncJobId)]);
    await publishSyncJobChanged(tx, { workspaceId, syncJobId });
  });
}

/** Resumes a paused sync job and queues a full run at once. Idempotent. */
export async function resumeSyncJob(app: App, workspaceId: string, syncJobId: string) {
  await withTransaction(app.database.pool, async (tx) => {
    const job = await lockJob(tx, workspaceId, syncJobId);
    if (job.status === 'ACTIVE') return;
    await tx.query(
      `update sync_job set status = 'ACTIVE', updated_at = now(),
         next_run_at = now() + $2 * interval '1 millisecond' where id = $1`,
      [syncJobId, app.config.syncReconcileIntervalMs],
    );
    await recordTrigger(tx, {
      workspaceId,
      syncJobId,
      trigger: 'MANUAL',
      debounceMs: app.config.syncDebounceMs,
    });
    await publishSyncJobChanged(tx, { workspaceId, syncJobId });
  });
}

/** Queues a MANUAL full run now (folded into the pending one if any). A paused job is refused. */
export async function runSyncJobNow(app: App, workspaceId: string, syncJobId: string) {
  await withTransaction(app.database.pool, async (tx) => {
    const job = await lockJob(tx, workspaceId, syncJobId);
    if (job.status !== 'ACTIVE') {
      throw ValidationError.field(['input', 'id'], 'The sync job is paused: resume it to run it');
    }
    await recordTrigger(tx, {
      workspaceId,
      syncJobId,
      trigger: 'MANUAL',
      debounceMs: app.config.syncDebounceMs,
    });
  });
}

/**
 * Deletes a sync job, its runs and events. The list and its members stay as they are. On
 * commit, every api process completes the job's progress subscriptions and announces the
 * deletion on syncJobChanged (see publishSyncJobDeleted).
 */
export async function deleteSyncJob(app: App, workspaceId: string, syncJobId: string) {
  await withTransaction(app.database.pool, async (tx) => {
    await lockJob(tx, workspaceId, syncJobId);
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
    await tx.query('select graphile_worker.remove_job($1)', [syncJobKey(syncJobId)]);
  });
}
