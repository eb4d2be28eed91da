import type { Context } from '../http/context.js';
import type { MEMBERSHIP_CHANGE_KINDS } from '../entities/membership-change.js';
import type { MembershipChangeRow } from '../services/history.js';
import { builder } from './builder.js';
import { LeadRef } from './lead.js';
import { ListRef, MembershipSourceEnum } from './list.js';
import { batchedPages, countLoader, totalCountOf } from './lookups.js';
import { SyncRunRef } from './sync-run.js';

const MembershipChangeKindEnum = builder.enumType('MembershipChangeKind', {
  description: 'Whether a lead entered or left a list.',
  values: {
    ENTERED: { description: 'The lead became a member of the list.' },
    LEFT: { description: 'The lead stopped being a member of the list.' },
  } satisfies Record<(typeof MEMBERSHIP_CHANGE_KINDS)[number], unknown>,
});

/** One lead entering or leaving a list, kept for HISTORY_RETENTION_DAYS. */
export const MembershipChangeRef = builder.loadableNode('MembershipChange', {
  description:
    'A lead entering or leaving a list, recorded in the same transaction as the change itself.',
  id: { resolve: (change: MembershipChangeRow) => change.id },
  load: (ids: string[], ctx) =>
    ctx.services.history.changesByIds(ctx.caller, ids) as Promise<MembershipChangeRow[]>,
  isTypeOf: (value) =>
    typeof value === 'object' && value !== null && 'kind' in value && 'leadId' in value,
  fields: (t) => ({
    lead: t.field({
      type: LeadRef,
      description: 'The lead that entered or left.',
      resolve: (change) => change.leadId,
    }),
    kind: t.field({
      type: MembershipChangeKindEnum,
      description: 'Entered or left.',
      resolve: (change) => change.kind,
    }),
    source: t.field({
      type: MembershipSourceEnum,
      description: 'Who made the change: the list’s sync (SYNC) or a mutation by hand (MANUAL).',
      resolve: (change) => change.source,
    }),
    run: t.field({
      type: SyncRunRef,
      nullable: true,
      description: 'The sync run that made a sync-owned change; null for manual changes.',
      resolve: (change) => change.runId,
    }),
    at: t.expose('at', {
      type: 'DateTime',
      description:
        'When the transaction that made the change began (the changes written together have the same time); the change shows in the history once that transaction commits.',
    }),
  }),
});

const MembershipChangeConnection = builder.connectionObject(
  {
    type: MembershipChangeRef,
    name: 'MembershipChangeConnection',
    description: 'Membership changes, newest first.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Changes kept (of the given kind, when filtered).',
        resolve: totalCountOf,
      }),
    }),
  },
  { name: 'MembershipChangeEdge', description: 'One membership change and its cursor.' },
);

type Kind = (typeof MEMBERSHIP_CHANGE_KINDS)[number];
type Counter = (ctx: Context, ids: readonly string[], kind: Kind | null) => Promise<number[]>;

/** Per-request count loaders by kind filter, so a page of parents costs one count statement. */
function countLoaders(count: Counter) {
  const loaders = new Map<string, ReturnType<typeof countLoader>>();
  return (kind: Kind | null) => {
    const key = kind ?? 'ALL';
    let loader = loaders.get(key);
    if (!loader) {
      loader = countLoader(async (ctx, ids) => {
        const counts = await count(ctx, ids, kind);
        return new Map(ids.map((id, index) => [id, counts[index] ?? 0]));
      });
      loaders.set(key, loader);
    }
    return loader;
  };
}

const listChangeCounts = countLoaders((ctx, ids, kind) =>
  ctx.services.history.listChangeCounts(ctx.caller, ids, { kind }),
);
const runChangeCounts = countLoaders((ctx, ids, kind) =>
  ctx.services.history.runChangeCounts(ctx.caller, ids, { kind }),
);

builder.objectField(ListRef, 'changes', (t) =>
  t.loadable({
    type: MembershipChangeConnection,
    description:
      'Who entered and left the list, newest first: sync-owned changes carry their run, manual ones none.',
    byPath: true,
    args: {
      first: t.arg.int({ description: 'At most 500 (default 50).' }),
      after: t.arg.string({ description: 'The cursor of the last change seen.' }),
      kind: t.arg({ type: MembershipChangeKindEnum, description: 'Only changes of this kind.' }),
    },
    load: (listIds: string[], ctx, args) =>
      batchedPages(
        listIds,
        args,
        async (limit, afterId) => {
          const pages = await ctx.services.history.listChanges(ctx.caller, listIds, {
            kind: args.kind,
            limit,
            afterId,
          });
          return new Map(listIds.map((id, index) => [id, pages[index] ?? []]));
        },
        (row) => row.id,
        (listId) => listChangeCounts(args.kind ?? null)(ctx).load(listId),
      ),
    resolve: (list) => list.id,
  }),
);

builder.objectField(SyncRunRef, 'changes', (t) =>
  t.loadable({
    type: MembershipChangeConnection,
    description:
      'Exactly the changes this run made to its list, newest first: its `added` ENTERED, its `removed` LEFT.',
    byPath: true,
    args: {
      first: t.arg.int({ description: 'At most 500 (default 50).' }),
      after: t.arg.string({ description: 'The cursor of the last change seen.' }),
      kind: t.arg({ type: MembershipChangeKindEnum, description: 'Only changes of this kind.' }),
    },
    load: (runIds: string[], ctx, args) =>
      batchedPages(
        runIds,
        args,
        async (limit, afterId) => {
          const pages = await ctx.services.history.runChanges(ctx.caller, runIds, {
            kind: args.kind,
            limit,
            afterId,
          });
          return new Map(runIds.map((id, index) => [id, pages[index] ?? []]));
        },
        (row) => row.id,
        (runId) => runChangeCounts(args.kind ?? null)(ctx).load(runId),
      ),
    resolve: (run) => run.id,
  }),
);
