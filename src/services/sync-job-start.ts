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
import { checkName, required } from '../domain/validation.js';
import { nextReconcileSql } from '../sync/queue.js';
import { recordTrigger } from '../sync/triggers.js';
import type { ServiceDeps } from './index.js';
import { createListIn } from './list-creation.js';

export interface StartAudienceSyncInput {
  audienceId: string;
  listId?: string | null;
  newListName?: string | null;
}

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
 * Starting a sync job (startAudienceSync): checks, the list it feeds (an existing one, or a
 * new one by name), the job and its INITIAL run, in one transaction.
 */
export function createSyncJobStartVerbs({ config, database }: ServiceDeps) {
  const { pool } = database;
  const debounceMs = config.syncDebounceMs;

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
      await recordTrigger(tx, { workspaceId, syncJobId, trigger: 'INITIAL', debounceMs });
      await announceWorkspaceChange(tx, workspaceId);
      return syncJobId;
    });
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
  };
}
