import { announceWorkspaceChange } from '../db/channels.js';
import type { EngineDeps } from '../db/database.js';
import { type Queryable, withTransaction } from '../db/transaction.js';
import type { SyncTrigger } from '../entities/sync-run.js';
import type { IdentityChange } from './changes.js';
import { addRunJob } from './queue.js';

/** Stronger triggers absorb weaker ones when they fold into the same queued run. */
const TRIGGER_RANK: Record<SyncTrigger, number> = {
  INCREMENTAL: 0,
  SCHEDULED: 1,
  MANUAL: 2,
  INITIAL: 3,
};

/** The identities an incremental trigger names; `full` when the change named none. */
export type SyncDelta =
  | { full: true }
  | { full: false; ecids: string[]; cookieIds: string[]; leadIds: string[] };

/**
 * Records a trigger for a sync job inside the caller's transaction: the pending delta (for
 * INCREMENTAL), the one QUEUED run of the job (created, or upgraded to the stronger trigger)
 * and the graphile job that will execute it. INCREMENTAL triggers keep the pending job's
 * run_at, so a burst runs within `debounceMs` of its first change; the others run now.
 * Returns false (and does nothing) when the job is missing or paused.
 */
export async function recordTrigger(
  tx: Queryable,
  options: {
    workspaceId: string;
    syncJobId: string;
    trigger: SyncTrigger;
    delta?: SyncDelta;
    debounceMs: number;
  },
): Promise<boolean> {
  const { workspaceId, syncJobId, trigger } = options;
  const job = await tx.query<{ status: string }>(
    'select status from sync_job where id = $1 and workspace_id = $2 for update',
    [syncJobId, workspaceId],
  );
  if (job.rows[0]?.status !== 'ACTIVE') return false;
  const delta = options.delta;
  if (trigger === 'INCREMENTAL' && delta) {
    await tx.query(
      `insert into sync_change (workspace_id, sync_job_id, "full", ecids, cookie_ids, lead_ids)
       values ($1, $2, $3, $4, $5, $6)`,
      delta.full
        ? [workspaceId, syncJobId, true, null, null, null]
        : [workspaceId, syncJobId, false, delta.ecids, delta.cookieIds, delta.leadIds],
    );
  }
  const queued = await tx.query<{ id: string; trigger: SyncTrigger }>(
    `select id, trigger from sync_run where sync_job_id = $1 and status = 'QUEUED' order by id limit 1`,
    [syncJobId],
  );
  const existing = queued.rows[0];
  if (!existing) {
    await tx.query(
      `insert into sync_run (workspace_id, sync_job_id, trigger, status, phase)
       values ($1, $2, $3, 'QUEUED', 'QUEUED')`,
      [workspaceId, syncJobId, trigger],
    );
  } else if (TRIGGER_RANK[trigger] > TRIGGER_RANK[existing.trigger]) {
    await tx.query('update sync_run set trigger = $2 where id = $1', [existing.id, trigger]);
  }
  // Every scheduling rule of the run's graphile job lives in addRunJob (src/sync/queue.ts).
  await addRunJob(
    tx,
    { workspaceId, syncJobId },
    trigger === 'INCREMENTAL' ? options.debounceMs : 0,
  );
  return true;
}

/**
 * Queues a trigger for one job in its own transaction; false when missing or paused. Workers
 * call it (the reconcile), so it uses their pool.
 */
export function triggerSyncJob(
  deps: EngineDeps,
  workspaceId: string,
  syncJobId: string,
  trigger: SyncTrigger,
): Promise<boolean> {
  return withTransaction(deps.database.runPool, async (tx) => {
    const recorded = await recordTrigger(tx, {
      workspaceId,
      syncJobId,
      trigger,
      debounceMs: deps.config.syncDebounceMs,
    });
    // The job's last run is now the queued one: cached answers showing the previous one go.
    if (recorded) await announceWorkspaceChange(tx, workspaceId);
    return recorded;
  });
}

/**
 * The active sync jobs a change can affect: jobs of the named audiences (only those, for a
 * change of audience membership), jobs whose audience holds a touched ECID (directly or
 * through a touched cookie or lead), and jobs whose list holds a touched lead as a synced
 * member (it may have to leave). A change without ids affects every job of its audiences, or
 * of the workspace.
 */
async function affectedJobs(tx: Queryable, change: IdentityChange): Promise<string[]> {
  const named = change.ecids || change.cookieIds || change.leadIds;
  // A membership change moves ECIDs in or out of the named audiences only; the identity graph
  // stays as it was, so no other audience's job can match differently. Looking its ECIDs up
  // in every job's audience (10,000 ECIDs x every active job for one Experience Platform
  // batch) would only find what cannot have changed.
  const membershipOnly = change.kind === 'AUDIENCE_MEMBERS' && change.audienceIds !== undefined;
  if (!named || membershipOnly) {
    const result = await tx.query<{ id: string }>(
      `select id from sync_job where workspace_id = $1 and status = 'ACTIVE'
       and ($2::bigint[] is null or audience_id = any($2::bigint[])) order by id`,
      [change.workspaceId, change.audienceIds ?? null],
    );
    return result.rows.map((row) => row.id);
  }
  const result = await tx.query<{ id: string }>(
    // Materialized and probed per job on the primary keys: an ECID is looked up in each
    // job's audience (audience_member has no index by ECID alone), a lead in each job's list.
    `with touched_ecid as materialized (
       select unnest($3::text[]) as ecid
       union select cs.ecid from cookie_sync cs
         where cs.workspace_id = $1 and cs.cookie_id = any($4::text[])
       union select cs.ecid from munchkin_cookie mc
         join cookie_sync cs on cs.workspace_id = $1 and cs.cookie_id = mc.cookie_id
         where mc.workspace_id = $1 and mc.lead_id = any($5::bigint[])
     ), touched_lead as materialized (
       select unnest($5::bigint[]) as lead_id
       union select la.lead_id from lead_association la
         where la.workspace_id = $1 and la.cookie_id = any($4::text[])
       union select la.previous_lead_id from lead_association la
         where la.workspace_id = $1 and la.cookie_id = any($4::text[]) and la.previous_lead_id is not null
     )
     select sj.id from sync_job sj
     where sj.workspace_id = $1 and sj.status = 'ACTIVE' and (
       sj.audience_id = any($2::bigint[])
       or exists (select 1 from touched_ecid t where exists (
         select 1 from audience_member am
         where am.workspace_id = $1 and am.audience_id = sj.audience_id and am.ecid = t.ecid))
       or exists (select 1 from touched_lead t where exists (
         select 1 from list_membership lm
         where lm.workspace_id = $1 and lm.list_id = sj.list_id and lm.lead_id = t.lead_id
         and lm.source = 'SYNC')))
     order by sj.id`,
    [
      change.workspaceId,
      change.audienceIds ?? [],
      change.ecids ?? [],
      change.cookieIds ?? [],
      change.leadIds ?? [],
    ],
  );
  return result.rows.map((row) => row.id);
}

/**
 * Records the INCREMENTAL trigger of every sync job `change` can affect, inside the writer's
 * transaction `tx`: the change and its triggers commit together or not at all, so a crash
 * right after COMMIT cannot lose a run. It also announces the change to the response cache of
 * every api process (announceWorkspaceChange), delivered at the same COMMIT. Jobs are locked
 * in id order (recordTrigger takes each job's row lock), so concurrent writers cannot
 * deadlock on them.
 */
export async function recordIdentityChange(
  tx: Queryable,
  change: IdentityChange,
  debounceMs: number,
): Promise<void> {
  // Whatever the change, reads of its workspace (counts, members, leads, the runs it queues
  // below) may answer otherwise.
  await announceWorkspaceChange(tx, change.workspaceId);
  const jobs = await affectedJobs(tx, change);
  const named = change.ecids || change.cookieIds || change.leadIds;
  const delta: SyncDelta = named
    ? {
        full: false,
        ecids: change.ecids ?? [],
        cookieIds: change.cookieIds ?? [],
        leadIds: change.leadIds ?? [],
      }
    : { full: true };
  for (const syncJobId of jobs) {
    await recordTrigger(tx, {
      workspaceId: change.workspaceId,
      syncJobId,
      trigger: 'INCREMENTAL',
      delta,
      debounceMs,
    });
  }
}
