import { initContextCache } from '@pothos/core';
import type { Context } from '../http/context.js';
import {
  type StreamConnection,
  servingRealtime,
  streamScope,
  syncJobChangedStream,
  syncProgressStream,
} from '../realtime/streams.js';
import type { AnnouncedSyncJob } from '../services/sync-jobs.js';
import type { SyncProgressEvent } from '../sync/progress.js';
import { builder } from './builder.js';
import { decodeId } from './ids.js';
import { SyncJobRef } from './sync-job.js';
import { SyncProgressRef } from './sync-progress.js';

/**
 * A graphql-ws operation's context carries the socket (the WebSocket server passes it to
 * yoga's context factory), and its connection already holds the token's connection slot; an
 * SSE stream is a connection of its own and takes one.
 */
export const connectionOf = (ctx: Context): StreamConnection => ({ holdsSlot: 'socket' in ctx });

/**
 * A subscription keeps one context for its whole life. Each event is a new read: reset
 * Pothos' per-request caches (dataloaders), so nested fields show the state at this event
 * rather than at the first one.
 */
export function freshReads(ctx: Context) {
  Object.assign(ctx, initContextCache());
}

/**
 * syncProgress: refused on a process that does not serve subscriptions, then the service says
 * whether the caller may follow the job, then the stream takes its connection slot.
 */
async function progressStream(
  ctx: Context,
  input: { syncJobId: string; afterSequence: number | null },
): Promise<AsyncIterableIterator<SyncProgressEvent | Error>> {
  const rt = servingRealtime(ctx.realtime);
  const visible = await ctx.services.syncJobs.visibleForProgress(ctx.caller, input);
  return syncProgressStream(
    rt,
    streamScope(rt, ctx.caller, connectionOf(ctx)),
    visible.syncJobId,
    visible.afterSequence,
  );
}

/** syncJobChanged: each changed job loaded by the service when delivered, with fresh reads. */
function jobChanges(ctx: Context): AsyncIterableIterator<AnnouncedSyncJob | Error> {
  const rt = servingRealtime(ctx.realtime);
  const { caller } = ctx;
  return syncJobChangedStream(rt, streamScope(rt, caller, connectionOf(ctx)), (id, deleted) => {
    freshReads(ctx);
    return ctx.services.syncJobs.changedJob(caller, id, deleted);
  });
}

/** A stream ends with its error as the last value (see src/realtime/streams.ts). */
export function orThrow<T>(value: T | Error): T {
  if (value instanceof Error) throw value;
  return value;
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
      syncJobId: t.arg.id({ required: true, description: 'The global id of the sync job.' }),
      afterSequence: t.arg.int({
        description:
          'Replay the stored events with a greater sequence first; omitted for live events only.',
      }),
    },
    subscribe: (_root, args, ctx) =>
      progressStream(ctx, {
        syncJobId: decodeId(String(args.syncJobId), 'SyncJob', ['syncJobId']),
        afterSequence: args.afterSequence ?? null,
      }),
    resolve: orThrow,
  }),
);

builder.subscriptionField('syncJobChanged', (t) =>
  t.field({
    type: SyncJobRef,
    description:
      "A sync job of the caller's workspace changed status or started or finished a run, or was deleted (then deletedAt is set).",
    authScopes: { read: true },
    subscribe: (_root, _args, ctx) => jobChanges(ctx),
    resolve: orThrow,
  }),
);
