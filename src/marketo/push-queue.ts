import type { Queryable } from '../db/transaction.js';

/**
 * How pushes of a mirror into Marketo are queued (graphile-worker, in the caller's
 * transaction, so a push is queued exactly when what it must push commits):
 *
 * - At most one `marketo_push` row per mirror is QUEUED (a partial unique index): every trigger
 *   folds into it, keeping the strongest (MANUAL > RECONCILE > INITIAL > CHANGES; a reconcile
 *   pushes the outbox too, so it covers the weaker ones). Its `created_at` is the first
 *   trigger of the burst.
 * - One graphile job per mirror (job key `marketo_push:<mirror id>`) runs it. The statement
 *   that queues it holds the job's row until COMMIT, so no worker takes the job before the
 *   change it pushes is visible. A job already running has its key released by
 *   graphile-worker: the trigger then queues the follow-up behind it.
 * - A CHANGES push is due MARKETO_PUSH_DEBOUNCE_MS after its QUEUED row's `created_at`. The
 *   statements that change a list's membership know nothing of the configuration (sync runs
 *   and services alike), so they queue the job due now with `job_key_mode` preserve_run_at
 *   (a job already pending keeps its time); the task then puts itself off to the end of the
 *   debounce once (deferPush), and triggers later in the burst keep that time.
 */

/** graphile-worker task that runs the pending push of one mirror. */
export const MARKETO_PUSH_TASK = 'marketo_push';

export type MarketoPushTrigger = 'INITIAL' | 'CHANGES' | 'RECONCILE' | 'MANUAL';

export interface MarketoPushPayload {
  workspaceId: string;
  mirrorId: string;
}

/** The job key of a mirror's pushes, as SQL of its id expression. */
const jobKeySql = (mirrorId: string) => `'${MARKETO_PUSH_TASK}:' || ${mirrorId}`;

/** SQL ranking a trigger: the QUEUED push keeps the highest one folded into it. */
const rankSql = (trigger: string) =>
  `case ${trigger} when 'MANUAL' then 3 when 'RECONCILE' then 2 when 'INITIAL' then 1 else 0 end`;

/**
 * The statement that queues a push of each mirror `mirrorsSql` selects (columns `id`,
 * `workspace_id`), with trigger `triggerSql`, and adds its job due `runAtSql` in
 * `mode`. Written as one data-modifying statement (usable as a CTE, which PostgreSQL always
 * runs to completion): the upsert returns the push row, and its RETURNING adds the job.
 */
export function queuePushSql(options: {
  mirrorsSql: string;
  triggerSql: string;
  runAtSql: string;
  mode: 'preserve_run_at' | 'replace';
}): string {
  return `insert into marketo_push (workspace_id, mirror_id, trigger, status)
     select qm.workspace_id, qm.id, ${options.triggerSql}, 'QUEUED' from (${options.mirrorsSql}) qm
     on conflict (mirror_id) where status = 'QUEUED' do update
       set trigger = case when ${rankSql('excluded.trigger')} > ${rankSql('marketo_push.trigger')}
                          then excluded.trigger else marketo_push.trigger end
     returning id, mirror_id, graphile_worker.add_job('${MARKETO_PUSH_TASK}',
       json_build_object('workspaceId', workspace_id::text, 'mirrorId', mirror_id::text),
       job_key => ${jobKeySql('mirror_id::text')}, job_key_mode => '${options.mode}',
       run_at => ${options.runAtSql}, max_attempts => 25) as job`;
}

/**
 * `at`, or sooner when the mirror's pending job is due sooner (a manual push never puts off a
 * debounced one). `mirrorId` is SQL of the mirror's id.
 */
const soonestSql = (at: string, mirrorId: string) =>
  `least(${at}, (select min(j.run_at) from graphile_worker.jobs j
       where j.key = ${jobKeySql(`${mirrorId}::text`)} and j.locked_at is null))`;

/** `delay` ms from now, or sooner (soonestSql). */
const dueSql = (delay: string, mirrorId: string) =>
  soonestSql(`now() + ${delay} * interval '1 millisecond'`, mirrorId);

/**
 * Queues a push of a mirror with `trigger`, due in `delayMs` (or sooner, see dueSql), in the
 * caller's transaction. Returns the QUEUED push's id (null when the mirror is not in the
 * workspace).
 */
export async function queuePush(
  tx: Queryable,
  input: { workspaceId: string; mirrorId: string; trigger: MarketoPushTrigger; delayMs?: number },
): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    queuePushSql({
      mirrorsSql: 'select id, workspace_id from marketo_mirror where workspace_id = $1 and id = $2',
      triggerSql: '$3::text',
      runAtSql: dueSql('$4::float8', 'mirror_id'),
      mode: 'replace',
    }),
    [input.workspaceId, input.mirrorId, input.trigger, input.delayMs ?? 0],
  );
  return rows[0]?.id ?? null;
}

/** A mirror as the queueing functions need it. */
export interface MirrorRef {
  id: string;
  workspaceId: string;
  listId: string;
}

/**
 * The INITIAL push of a new mirror (call in the transaction that creates it): every member of
 * the list goes into the outbox as ADD, and the push is queued at once.
 */
export async function queueInitialPush(tx: Queryable, mirror: MirrorRef): Promise<string | null> {
  await tx.query(
    `insert into marketo_outbox (mirror_id, lead_id, workspace_id, action)
     select $1::bigint, lm.lead_id, $2::bigint, 'ADD' from list_membership lm
      where lm.workspace_id = $2 and lm.list_id = $3
     on conflict (mirror_id, lead_id) do update set action = 'ADD', queued_at = now()`,
    [mirror.id, mirror.workspaceId, mirror.listId],
  );
  return queuePush(tx, {
    workspaceId: mirror.workspaceId,
    mirrorId: mirror.id,
    trigger: 'INITIAL',
  });
}

/**
 * A MANUAL push (pushListToMarketoNow): reconciles against the Marketo list's members now,
 * and runs even while the connection waits for Marketo's next day.
 */
export function queueManualPush(
  tx: Queryable,
  mirror: Pick<MirrorRef, 'id' | 'workspaceId'>,
): Promise<string | null> {
  return queuePush(tx, { workspaceId: mirror.workspaceId, mirrorId: mirror.id, trigger: 'MANUAL' });
}

/**
 * Puts the running job's push off until `runAt` (debounce, quota reset, a busy mirror): a new
 * job under the mirror's key (the running one's key is released), outside any transaction.
 */
export async function deferPush(
  db: Queryable,
  payload: MarketoPushPayload,
  runAt: Date | { delayMs: number },
): Promise<void> {
  await db.query(
    `select graphile_worker.add_job('${MARKETO_PUSH_TASK}',
       json_build_object('workspaceId', $1::text, 'mirrorId', $2::text),
       job_key => ${jobKeySql('$2::text')}, job_key_mode => 'replace',
       run_at => ${soonestSql("coalesce($3::timestamptz, now() + $4::float8 * interval '1 millisecond')", '$2')},
       max_attempts => 25)`,
    [
      payload.workspaceId,
      payload.mirrorId,
      runAt instanceof Date ? runAt : null,
      runAt instanceof Date ? 0 : runAt.delayMs,
    ],
  );
}
