import { initContextCache } from '@pothos/core';
import type { Context } from '../auth/context.js';
import { type ISyncJob, SyncJob } from '../entities/sync-job.js';
import type { Realtime } from '../realtime/realtime.js';
import { type StreamScope, syncJobChangedStream, syncProgressStream } from '../realtime/streams.js';
import { LimitError, NotFoundError, ValidationError } from '../services/errors.js';
import type { DeletedSyncJob } from '../sync/progress.js';
import { builder } from './builder.js';
import { decodeId } from './ids.js';
import { SyncJobRef } from './sync-job.js';
import { SyncProgressRef } from './sync-progress.js';

function realtimeOf(ctx: Context): Realtime {
  if (!ctx.app.realtime) throw new Error('This process does not serve subscriptions');
  return ctx.app.realtime;
}

/**
 * The stream's owner. A graphql-ws connection already holds its token's connection slot (see
 * src/realtime/websocket.ts); an SSE stream is a connection of its own and takes one here.
 */
function streamScope(ctx: Context, rt: Realtime): StreamScope {
  const scope = { workspaceId: ctx.caller.workspaceId, tokenId: ctx.caller.tokenId };
  if ('socket' in ctx) return scope;
  const release = rt.connections.acquire(ctx.caller.tokenId);
  if (!release) {
    throw new LimitError(
      'TOO_MANY_CONNECTIONS',
      `Too many connections for this token (at most ${rt.limits.connectionsPerToken})`,
    );
  }
  return { ...scope, onClose: release };
}

/**
 * A subscription keeps one context for its whole life. Each event is a new read: clear the
 * identity map and Pothos' per-request caches (dataloaders), so nested fields show the state
 * at this event rather than at the first one.
 */
function freshReads(ctx: Context) {
  ctx.em.clear();
  Object.assign(ctx, initContextCache());
}

/** A stream ends with its error as the last value (see src/realtime/streams.ts). */
function orThrow<T>(value: T | Error): T {
  if (value instanceof Error) throw value;
  return value;
}

/** A deleted sync job as the SyncJob type resolves it: its last state, plus deletedAt. */
type AnnouncedSyncJob = ISyncJob & { deletedAt?: Date };

function deletedJob(job: DeletedSyncJob): AnnouncedSyncJob {
  return {
    id: job.id,
    audience: { id: job.audienceId },
    list: { id: job.listId },
    status: job.status,
    createdAt: new Date(job.createdAt),
    nextRunAt: job.nextRunAt === null ? null : new Date(job.nextRunAt),
    deletedAt: new Date(job.deletedAt),
  } as unknown as AnnouncedSyncJob;
}

// A dashboard learns of a deletion from syncJobChanged: the job can no longer be loaded, and
// its status (ACTIVE, PAUSED) says nothing about it, so the announcement carries deletedAt.
builder.objectField(SyncJobRef, 'deletedAt', (t) =>
  t.field({
    type: 'DateTime',
    nullable: true,
    description:
      'Set only on the syncJobChanged announcement of a deleted job (its last state otherwise: status as it was, no runs or progress any more); null on every job that exists.',
    resolve: (job) => (job as AnnouncedSyncJob).deletedAt ?? null,
  }),
);

builder.subscriptionField('syncProgress', (t) =>
  t.field({
    type: SyncProgressRef,
    description:
      'Progress of a sync job. With afterSequence: every stored event after it, in order, then live events, each sequence exactly once. Without: live events from now. Completes when the job is deleted.',
    authScopes: { read: true },
    args: {
      syncJobId: t.arg.id({ required: true }),
      afterSequence: t.arg.int(),
    },
    subscribe: async (_root, args, ctx) => {
      const rt = realtimeOf(ctx);
      const syncJobId = decodeId(String(args.syncJobId), 'SyncJob', ['syncJobId']);
      const after = args.afterSequence ?? null;
      if (after !== null && after < 0) {
        throw ValidationError.field(['afterSequence'], 'afterSequence must be 0 or more');
      }
      const job = await ctx.em.findOne(
        SyncJob,
        { id: syncJobId, workspace: ctx.caller.workspaceId },
        { fields: ['id'] },
      );
      if (!job) throw new NotFoundError('SyncJob');
      return syncProgressStream(rt, streamScope(ctx, rt), syncJobId, after);
    },
    resolve: orThrow,
  }),
);

builder.subscriptionField('syncJobChanged', (t) =>
  t.field({
    type: SyncJobRef,
    description:
      "A sync job of the caller's workspace changed status or started or finished a run, or was deleted (then deletedAt is set).",
    authScopes: { read: true },
    subscribe: (_root, _args, ctx) => {
      const rt = realtimeOf(ctx);
      const workspace = ctx.caller.workspaceId;
      return syncJobChangedStream(rt, streamScope(ctx, rt), async (id, deleted) => {
        freshReads(ctx);
        if (deleted) return deletedJob(deleted);
        return ctx.em.findOne(SyncJob, { id, workspace });
      });
    },
    resolve: orThrow,
  }),
);
