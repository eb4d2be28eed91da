import type { Context } from '../auth/context.js';
import { type ISyncJob, SYNC_JOB_STATUSES, SyncJob } from '../entities/sync-job.js';
import {
  AlreadySyncingError,
  HipaaRestrictedError,
  IntegrationNotConfiguredError,
  ListAlreadySyncedError,
  NameTakenError,
} from '../services/errors.js';
import {
  deleteSyncJob,
  pauseSyncJob,
  resumeSyncJob,
  runSyncJobNow,
  startAudienceSync,
} from '../services/sync-jobs.js';
import type { SyncProgressEvent } from '../sync/progress.js';
import { AudienceRef } from './audience.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId } from './ids.js';
import { ListRef } from './list.js';
import { loadInWorkspace } from './loaders.js';
import { keysetPage } from './pagination.js';
import { SyncProgressRef } from './sync-progress.js';
import { SYNC_RUN_COLUMNS, SyncRunRef, type SyncRunRow } from './sync-run.js';

export const SyncJobStatusEnum = builder.enumType('SyncJobStatus', { values: SYNC_JOB_STATUSES });

const idOf = (ref: unknown) => String((ref as { id: string }).id);

/** The latest run of each job, in one statement for a whole page of jobs. */
async function latestRuns(jobIds: readonly string[], ctx: Context) {
  const result = await ctx.app.database.pool.query<SyncRunRow>(
    `select distinct on (r.sync_job_id) ${SYNC_RUN_COLUMNS} from sync_run r
     where r.workspace_id = $1 and r.sync_job_id = any($2::bigint[])
     order by r.sync_job_id, r.id desc`,
    [ctx.caller.workspaceId, jobIds],
  );
  const byJob = new Map(result.rows.map((row) => [row.syncJobId, row]));
  return jobIds.map((id) => byJob.get(id) ?? null);
}

/** The latest stored progress event of each job, in one statement. */
async function latestEvents(jobIds: readonly string[], ctx: Context) {
  const result = await ctx.app.database.pool.query<SyncProgressEvent>(
    `select distinct on (sync_job_id) workspace_id::text as "workspaceId", sync_job_id::text as "syncJobId",
       run_id::text as "runId", sequence, status, phase, processed, total, stats,
       to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
     from sync_event where workspace_id = $1 and sync_job_id = any($2::bigint[])
     order by sync_job_id, sequence desc`,
    [ctx.caller.workspaceId, jobIds],
  );
  const byJob = new Map(result.rows.map((row) => [row.syncJobId, row]));
  return jobIds.map((id) => byJob.get(id) ?? null);
}

const totalCount = (parent: unknown): number | Promise<number> => {
  const total = (parent as { totalCount?: number | (() => Promise<number>) }).totalCount;
  return typeof total === 'function' ? total() : (total ?? 0);
};

const SyncRunConnection = builder.connectionObject(
  {
    type: SyncRunRef,
    name: 'SyncRunConnection',
    fields: (t) => ({ totalCount: t.int({ resolve: totalCount }) }),
  },
  { name: 'SyncRunEdge' },
);

/** A standing sync of an audience into a list. */
export const SyncJobRef = builder.loadableNode('SyncJob', {
  id: { resolve: (job: ISyncJob) => job.id },
  load: (ids: string[], ctx) => loadInWorkspace(ctx, SyncJob, ids) as Promise<ISyncJob[]>,
  fields: (t) => ({
    audience: t.field({ type: AudienceRef, resolve: (job) => idOf(job.audience) }),
    list: t.field({ type: ListRef, resolve: (job) => idOf(job.list) }),
    status: t.field({ type: SyncJobStatusEnum, resolve: (job) => job.status }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    nextRunAt: t.expose('nextRunAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the next scheduled reconcile is due (null while paused).',
    }),
    lastRun: t.loadable({
      type: SyncRunRef,
      nullable: true,
      load: (jobIds: string[], ctx: Context) => latestRuns(jobIds, ctx),
      resolve: (job) => job.id,
    }),
    runs: t.connection(
      {
        type: SyncRunRef,
        description: 'Run history, newest first.',
        resolve: (job, args, ctx) =>
          keysetPage(
            args,
            (run: SyncRunRow) => run.id,
            async (limit, afterKey) => {
              const result = await ctx.app.database.pool.query<SyncRunRow>(
                `select ${SYNC_RUN_COLUMNS} from sync_run r
               where r.workspace_id = $1 and r.sync_job_id = $2 and ($3::bigint is null or r.id < $3)
               order by r.id desc limit $4`,
                [ctx.caller.workspaceId, job.id, afterKey, limit],
              );
              return result.rows;
            },
            async () => {
              const result = await ctx.app.database.pool.query<{ n: number }>(
                'select count(*)::int as n from sync_run where workspace_id = $1 and sync_job_id = $2',
                [ctx.caller.workspaceId, job.id],
              );
              return result.rows[0]?.n ?? 0;
            },
          ),
      },
      SyncRunConnection,
    ),
    progress: t.loadable({
      type: SyncProgressRef,
      nullable: true,
      description: 'The latest progress event.',
      load: (jobIds: string[], ctx: Context) => latestEvents(jobIds, ctx),
      resolve: (job) => job.id,
    }),
  }),
});

builder.objectField(AudienceRef, 'syncJobs', (t) =>
  t.loadableGroup({
    type: SyncJobRef,
    description: 'The sync jobs feeding lists from this audience.',
    load: (audienceIds: string[], ctx: Context) =>
      ctx.em.find(
        SyncJob,
        { audience: { $in: audienceIds }, workspace: ctx.caller.workspaceId },
        { orderBy: { id: 'asc' } },
      ),
    group: (job) => idOf((job as ISyncJob).audience),
    resolve: (audience) => audience.id,
  }),
);

builder.objectField(ListRef, 'syncJob', (t) =>
  t.loadable({
    type: SyncJobRef,
    nullable: true,
    description: 'The sync job feeding this list, if any.',
    load: async (listIds: string[], ctx: Context) => {
      const jobs = await ctx.em.find(SyncJob, {
        list: { $in: listIds },
        workspace: ctx.caller.workspaceId,
      });
      return listIds.map((id) => jobs.find((job) => idOf(job.list) === id) ?? null);
    },
    resolve: (list) => list.id,
  }),
);

const SyncJobConnection = builder.connectionObject(
  {
    type: SyncJobRef,
    name: 'SyncJobConnection',
    fields: (t) => ({ totalCount: t.int({ resolve: totalCount }) }),
  },
  { name: 'SyncJobEdge' },
);

builder.queryField('syncJobs', (t) =>
  t.connection(
    {
      type: SyncJobRef,
      authScopes: { read: true },
      args: { status: t.arg({ type: SyncJobStatusEnum, required: false }) },
      resolve: (_root, args, ctx) => {
        const where = {
          workspace: ctx.caller.workspaceId,
          ...(args.status ? { status: args.status } : {}),
        };
        return keysetPage(
          args,
          (job: ISyncJob) => job.id,
          (limit, afterKey) =>
            ctx.em.find(
              SyncJob,
              { ...where, ...(afterKey ? { id: { $gt: afterKey } } : {}) },
              { orderBy: { id: 'asc' }, limit },
            ),
          () => ctx.em.count(SyncJob, where),
        );
      },
    },
    SyncJobConnection,
  ),
);

builder.queryField('syncJob', (t) =>
  t.field({
    type: SyncJobRef,
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args) => decodeId(String(args.id), 'SyncJob', ['id']),
  }),
);

const StartAudienceSyncInput = builder.inputType('StartAudienceSyncInput', {
  fields: (t) => ({
    audienceId: t.id({ required: true }),
    listId: t.id({ required: false, description: 'An existing list; or give newListName.' }),
    newListName: t.string({ required: false, description: 'Creates a list of this name.' }),
  }),
});

const SyncJobPayload = (name: string) =>
  builder.objectRef<{ syncJobId: string }>(name).implement({
    fields: (t) => ({
      syncJob: t.field({ type: SyncJobRef, resolve: (payload) => payload.syncJobId }),
    }),
  });

builder.mutationField('startAudienceSync', (t) =>
  t.field({
    type: SyncJobPayload('StartAudienceSyncSuccess'),
    args: { input: t.arg({ type: StartAudienceSyncInput, required: true }) },
    authScopes: { write: true },
    errors: {
      types: [
        ...COMMON_MUTATION_ERRORS,
        HipaaRestrictedError,
        IntegrationNotConfiguredError,
        AlreadySyncingError,
        ListAlreadySyncedError,
        NameTakenError,
      ],
    },
    resolve: async (_root, { input }, ctx) => {
      const audienceId = decodeId(String(input.audienceId), 'Audience', ['input', 'audienceId']);
      const listId =
        input.listId == null ? null : decodeId(String(input.listId), 'List', ['input', 'listId']);
      const syncJobId = await startAudienceSync(ctx.app, ctx.caller.workspaceId, {
        audienceId,
        listId,
        newListName: input.newListName,
      });
      return { syncJobId };
    },
  }),
);

const SyncJobIdInput = (name: string) =>
  builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true }) }) });

const jobMutations = [
  ['pauseSyncJob', pauseSyncJob],
  ['resumeSyncJob', resumeSyncJob],
  ['runSyncJobNow', runSyncJobNow],
] as const;

for (const [name, action] of jobMutations) {
  const typeName = name.charAt(0).toUpperCase() + name.slice(1);
  builder.mutationField(name, (t) =>
    t.field({
      type: SyncJobPayload(`${typeName}Success`),
      args: { input: t.arg({ type: SyncJobIdInput(`${typeName}Input`), required: true }) },
      authScopes: { write: true },
      errors: { types: COMMON_MUTATION_ERRORS },
      resolve: async (_root, { input }, ctx) => {
        const syncJobId = decodeId(String(input.id), 'SyncJob', ['input', 'id']);
        await action(ctx.app, ctx.caller.workspaceId, syncJobId);
        return { syncJobId };
      },
    }),
  );
}

const DeleteSyncJobSuccess = builder
  .objectRef<{ deletedId: string }>('DeleteSyncJobSuccess')
  .implement({ fields: (t) => ({ deletedId: t.exposeID('deletedId') }) });

builder.mutationField('deleteSyncJob', (t) =>
  t.field({
    type: DeleteSyncJobSuccess,
    args: { input: t.arg({ type: SyncJobIdInput('DeleteSyncJobInput'), required: true }) },
    authScopes: { write: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: async (_root, { input }, ctx) => {
      const syncJobId = decodeId(String(input.id), 'SyncJob', ['input', 'id']);
      await deleteSyncJob(ctx.app, ctx.caller.workspaceId, syncJobId);
      return { deletedId: String(input.id) };
    },
  }),
);
