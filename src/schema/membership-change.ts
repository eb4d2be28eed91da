import type { MEMBERSHIP_CHANGE_KINDS } from '../entities/membership-change.js';
import type { Context } from '../http/context.js';
import type { MembershipChangeRow } from '../services/history.js';
import type { Window } from '../services/read-rows.js';
import { builder } from './builder.js';
import { LeadRef } from './lead.js';
import { ListRef, MembershipSourceEnum } from './list.js';
import { batchedPages, countLoader } from './lookups.js';
import { backwardArgs } from './page-args.js';
import { type PageArgs, totalCountOf } from './pagination.js';
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
    kind: t.expose('kind', {
      type: MembershipChangeKindEnum,
      description: 'Entered or left.',
    }),
    source: t.expose('source', {
      type: MembershipSourceEnum,
      description: 'Who made the change: the list’s sync (SYNC) or a mutation by hand (MANUAL).',
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
type ChangesWindow = Window & { kind: Kind | null | undefined };

/**
 * The `load` of a parent's `changes`: `pages` reads a window of changes for every parent in one
 * statement, and `counts` their totals, through one per-request count loader per kind filter.
 */
function loadChanges(
  pages: (
    ctx: Context,
    ids: readonly string[],
    window: ChangesWindow,
  ) => Promise<MembershipChangeRow[][]>,
  counts: (ctx: Context, ids: readonly string[], kind: Kind | null) => Promise<number[]>,
) {
  const countsByKind = new Map<Kind | 'ALL', ReturnType<typeof countLoader>>();
  const countsOf = (kind: Kind | null) => {
    let loader = countsByKind.get(kind ?? 'ALL');
    if (!loader) {
      loader = countLoader((ctx, ids) => counts(ctx, ids, kind));
      countsByKind.set(kind ?? 'ALL', loader);
    }
    return loader;
  };
  return (parentIds: string[], ctx: Context, args: PageArgs & { kind?: Kind | null }) =>
    batchedPages(
      parentIds,
      args,
      (window) => pages(ctx, parentIds, { kind: args.kind, ...window }),
      (row) => row.id,
      (parentId) => countsOf(args.kind ?? null)(ctx).load(parentId),
    );
}

type Types = typeof builder.$inferSchemaTypes;

/** The `changes` connection of a list or a run, newest first, with its `kind` filter. */
function changesField(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, { id: string }>,
  description: string,
  load: ReturnType<typeof loadChanges>,
) {
  return t.loadable({
    type: MembershipChangeConnection,
    description,
    byPath: true,
    args: {
      first: t.arg.int({ description: 'At most 500 (default 50).' }),
      after: t.arg.string({ description: 'The cursor of the last change seen.' }),
      ...backwardArgs,
      kind: t.arg({ type: MembershipChangeKindEnum, description: 'Only changes of this kind.' }),
    },
    load,
    resolve: (parent) => parent.id,
  });
}

const listChanges = loadChanges(
  (ctx, ids, window) => ctx.services.history.listChanges(ctx.caller, ids, window),
  (ctx, ids, kind) => ctx.services.history.listChangeCounts(ctx.caller, ids, { kind }),
);
const runChanges = loadChanges(
  (ctx, ids, window) => ctx.services.history.runChanges(ctx.caller, ids, window),
  (ctx, ids, kind) => ctx.services.history.runChangeCounts(ctx.caller, ids, { kind }),
);

builder.objectField(ListRef, 'changes', (t) =>
  changesField(
    t,
    'Who entered and left the list, newest first: sync-owned changes carry their run, manual ones none.',
    listChanges,
  ),
);

builder.objectField(SyncRunRef, 'changes', (t) =>
  changesField(
    t,
    'Exactly the changes this run made to its list, newest first: its `added` ENTERED, its `removed` LEFT.',
    runChanges,
  ),
);
