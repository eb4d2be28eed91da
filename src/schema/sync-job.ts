import {
  AlreadySyncingError,
  HipaaRestrictedError,
  IntegrationNotConfiguredError,
  ListAlreadySyncedError,
  NameTakenError,
} from '../domain/errors.js';
import type { SYNC_JOB_STATUSES } from '../entities/sync-job.js';
import type { Context } from '../http/context.js';
import type { SyncJobRow, SyncRunRow } from '../services/read-rows.js';
import { AudienceRef } from './audience.js';
import { builder, capitalize } from './builder.js';
import { LIST_BOUNDS, listOf } from './cost.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId, idOrNull } from './ids.js';
import { ListRef } from './list.js';
import { loadByIds, requestLoader } from './lookups.js';
import { pageArgs } from './page-args.js';
import { keysetPage } from './pagination.js';
import { SyncProgressRef } from './sync-progress.js';
import { SyncRunRef } from './sync-run.js';

export const SyncJobStatusEnum = builder.enumType('SyncJobStatus', {
  description: 'Whether a sync job runs.',
  values: {
    ACTIVE: { description: 'The job runs on every trigger; its list follows the audience.' },
    PAUSED: { description: 'The job does not run until resumed.' },
  } satisfies Record<(typeof SYNC_JOB_STATUSES)[number], unknown>,
});

/** The latest run of jobs read without it (a job's row usually carries it), batched. */
const lastRunLoader = requestLoader((ctx, jobIds) =>
  ctx.services.syncJobs.lastRuns(ctx.caller, jobIds),
);

const SyncRunConnection = builder.connectionObject(
  { type: SyncRunRef, name: 'SyncRunConnection' },
  { name: 'SyncRunEdge' },
);

/** A standing sync of an audience into a list. */
export const SyncJobRef = builder.loadableNode('SyncJob', {
  description: 'A standing sync of an audience into a list: the list follows the audience.',
  id: { resolve: (job: SyncJobRow) => job.id },
  load: loadByIds((services) => services.syncJobs.byIds),
  fields: (t) => ({
    // The job's row carries its audience and list when they were read with it.
    audience: t.field({
      type: AudienceRef,
      description: 'The audience the list follows.',
      resolve: (job) => job.audience ?? job.audienceId,
    }),
    list: t.field({
      type: ListRef,
      description: 'The list the sync writes.',
      resolve: (job) => job.list ?? job.listId,
    }),
    status: t.expose('status', {
      type: SyncJobStatusEnum,
      description: 'Active or paused.',
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the sync was started.',
    }),
    nextRunAt: t.expose('nextRunAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the next scheduled reconcile is due (null while paused).',
    }),
    lastRun: t.field({
      type: SyncRunRef,
      nullable: true,
      description: 'The latest run, whatever its status; null before the first.',
      resolve: (job, _args, ctx) =>
        job.lastRun !== undefined ? job.lastRun : lastRunLoader(ctx).load(job.id),
    }),
    runs: t.field({
      type: SyncRunConnection,
      description: 'Run history, newest first.',
      args: pageArgs,
      resolve: (job, args, ctx) =>
        keysetPage(
          args,
          (run: SyncRunRow) => run.id,
          (window) => ctx.services.syncJobs.runs(ctx.caller, { syncJobId: job.id, ...window }),
          () => ctx.services.syncJobs.runCount(ctx.caller, { syncJobId: job.id }),
        ),
    }),
    progress: t.loadable({
      type: SyncProgressRef,
      nullable: true,
      description: 'The latest progress event.',
      load: (jobIds: string[], ctx: Context) => ctx.services.syncJobs.progress(ctx.caller, jobIds),
      resolve: (job) => job.id,
    }),
  }),
});

builder.objectField(AudienceRef, 'syncJobs', (t) =>
  t.loadableGroup({
    type: SyncJobRef,
    description: 'The sync jobs feeding lists from this audience.',
    extensions: listOf(LIST_BOUNDS.syncJobsPerAudience),
    load: (audienceIds: string[], ctx: Context) =>
      ctx.services.syncJobs.byAudiences(ctx.caller, audienceIds),
    group: (job) => (job as SyncJobRow).audienceId,
    resolve: (audience) => audience.id,
  }),
);

builder.objectField(ListRef, 'syncJob', (t) =>
  t.loadable({
    type: SyncJobRef,
    nullable: true,
    description: 'The sync job feeding this list, if any.',
    load: (listIds: string[], ctx: Context) => ctx.services.syncJobs.byLists(ctx.caller, listIds),
    resolve: (list) => list.id,
  }),
);

const SyncJobConnection = builder.connectionObject(
  { type: SyncJobRef, name: 'SyncJobConnection' },
  { name: 'SyncJobEdge' },
);

builder.queryField('syncJobs', (t) =>
  t.field({
    type: SyncJobConnection,
    description:
      "The workspace's sync jobs, oldest first; `search` matches the audience's or the list's name, any case.",
    authScopes: { read: true },
    args: {
      status: t.arg({
        type: SyncJobStatusEnum,
        required: false,
        description: 'Only the jobs with this status; omitted for all.',
      }),
      search: t.arg.string({
        description:
          "Matches part of the audience's or the list's name, any case; empty matches all.",
      }),
      ...pageArgs,
    },
    resolve: (_root, args, ctx) => {
      // The page's statement also counts the jobs; only a page of 0 reads no page and counts alone.
      let total: number | undefined;
      const filter = { status: args.status, search: args.search };
      return keysetPage(
        args,
        (job: SyncJobRow) => job.id,
        async (window) => {
          const page = await ctx.services.syncJobs.page(ctx.caller, { ...filter, ...window });
          total = page.total;
          return page.rows;
        },
        async () => total ?? ctx.services.syncJobs.count(ctx.caller, filter),
      );
    },
  }),
);

builder.queryField('syncJob', (t) =>
  t.field({
    type: SyncJobRef,
    nullable: true,
    description: 'The sync job with this id, or null when none is visible.',
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true, description: 'The global id of the sync job.' }) },
    // An id of another type names nothing here: null, as for audience(id) and the others.
    resolve: (_root, args) => idOrNull(String(args.id), 'SyncJob', ['id']),
  }),
);

const StartAudienceSyncInput = builder.inputType('StartAudienceSyncInput', {
  description: 'The audience to sync and its list: exactly one of listId and newListName.',
  fields: (t) => ({
    audienceId: t.id({ required: true, description: 'The audience to sync.' }),
    listId: t.id({ required: false, description: 'An existing list; or give newListName.' }),
    newListName: t.string({ required: false, description: 'Creates a list of this name.' }),
  }),
});

const SyncJobPayload = (name: string, description: string) =>
  builder.objectRef<{ syncJobId: string }>(name).implement({
    description,
    fields: (t) => ({
      syncJob: t.field({
        type: SyncJobRef,
        description: 'The sync job as it is now.',
        resolve: (payload) => payload.syncJobId,
      }),
    }),
  });

builder.mutationField('startAudienceSync', (t) =>
  t.field({
    type: SyncJobPayload('StartAudienceSyncSuccess', 'The sync job was created.'),
    description:
      'Starts syncing an audience into an existing list or a new one (exactly one of listId and newListName) and queues its INITIAL run; from then on the list follows the audience.',
    args: {
      input: t.arg({
        type: StartAudienceSyncInput,
        required: true,
        description: 'The audience and the list.',
      }),
    },
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
      const syncJobId = await ctx.services.syncJobs.start(ctx.caller, {
        audienceId,
        listId,
        newListName: input.newListName,
      });
      return { syncJobId };
    },
  }),
);

const SyncJobIdInput = (name: string, description: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({
      id: t.id({ required: true, description: 'The global id of the sync job.' }),
    }),
  });

/** The id of a sync job mutation's input, decoded (NOT_FOUND for an id of another type). */
const syncJobIdOf = (input: { id: string | number }) =>
  decodeId(String(input.id), 'SyncJob', ['input', 'id']);

/**
 * pauseSyncJob, resumeSyncJob and runSyncJobNow: a sync job's id in, the job as it is now out;
 * `act` is the service's verb.
 */
function syncJobVerb(
  name: string,
  text: { mutation: string; input: string; success: string },
  act: (ctx: Context, id: string) => Promise<unknown>,
) {
  builder.mutationField(name, (t) =>
    t.field({
      type: SyncJobPayload(`${capitalize(name)}Success`, text.success),
      description: text.mutation,
      args: {
        input: t.arg({
          type: SyncJobIdInput(`${capitalize(name)}Input`, text.input),
          required: true,
          description: 'The sync job.',
        }),
      },
      authScopes: { write: true },
      errors: { types: COMMON_MUTATION_ERRORS },
      resolve: async (_root, { input }, ctx) => {
        const syncJobId = syncJobIdOf(input);
        await act(ctx, syncJobId);
        return { syncJobId };
      },
    }),
  );
}

syncJobVerb(
  'pauseSyncJob',
  {
    mutation:
      'Pauses a sync job: triggers queue no run, the queued run is cancelled, and a running run stops within seconds, ends CANCELLED and leaves the list as it was (a run already writing the list finishes first). Resuming starts a fresh full run. Idempotent.',
    input: 'The sync job to pause.',
    success: 'The sync job is paused.',
  },
  (ctx, id) => ctx.services.syncJobs.pause(ctx.caller, { id }),
);

syncJobVerb(
  'resumeSyncJob',
  {
    mutation: 'Resumes a paused sync job and queues a full run at once. Idempotent.',
    input: 'The sync job to resume.',
    success: 'The sync job is active again.',
  },
  (ctx, id) => ctx.services.syncJobs.resume(ctx.caller, { id }),
);

syncJobVerb(
  'runSyncJobNow',
  {
    mutation:
      'Queues a MANUAL full run now, folded into the pending run if there is one. A paused job answers VALIDATION.',
    input: 'The sync job to run now.',
    success: 'A MANUAL run is queued.',
  },
  (ctx, id) => ctx.services.syncJobs.runNow(ctx.caller, { id }),
);

const DeleteSyncJobSuccess = builder
  .objectRef<{ deletedId: string }>('DeleteSyncJobSuccess')
  .implement({
    description: 'The sync job was deleted; its list and members stay.',
    fields: (t) => ({
      deletedId: t.exposeID('deletedId', { description: 'The global id of the deleted sync job.' }),
    }),
  });

builder.mutationField('deleteSyncJob', (t) =>
  t.field({
    type: DeleteSyncJobSuccess,
    description:
      'Stops and deletes a sync job with its runs and progress events; a running run stops where it is, and the list and its members stay as they were.',
    args: {
      input: t.arg({
        type: SyncJobIdInput('DeleteSyncJobInput', 'The sync job to delete.'),
        required: true,
        description: 'The sync job.',
      }),
    },
    authScopes: { write: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: async (_root, { input }, ctx) => {
      await ctx.services.syncJobs.delete(ctx.caller, { id: syncJobIdOf(input) });
      return { deletedId: String(input.id) };
    },
  }),
);
