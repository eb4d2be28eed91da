import {
  AlreadyMirroredError,
  MarketoAuthFailedError,
  MarketoListNotFoundError,
  MarketoNotConnectedError,
  MarketoUnreachableError,
} from '../domain/errors.js';
import type { Context } from '../http/context.js';
import { marketoPushStream } from '../realtime/marketo-push-stream.js';
import { servingRealtime, streamScope } from '../realtime/streams.js';
import type {
  MarketoMirrorRow,
  MarketoPushOutcome,
  MarketoPushRecordRow,
  MarketoPushRow,
} from '../services/marketo-reads.js';
import { builder } from './builder.js';
import { COST, costOf } from './cost.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId } from './ids.js';
import { LeadRef } from './lead.js';
import { ListRef } from './list.js';
import { batchedPages, countLoader, loadByIds, requestLoader } from './lookups.js';
import { backwardArgs } from './page-args.js';
import { AFTER_ARG_DESCRIPTION, FIRST_ARG_DESCRIPTION, totalCountOf } from './pagination.js';
import { connectionOf, freshReads, orThrow } from './subscriptions.js';

const MarketoLeadMatchingEnum = builder.enumType('MarketoLeadMatching', {
  description: 'What a push does with a lead whose email no Marketo lead has.',
  values: {
    EXISTING_LEADS: {
      description:
        'Only leads Marketo already has are added; the others are NOT_IN_MARKETO (looked up again at the next RECONCILE or MANUAL push).',
    },
    CREATE_MISSING: {
      description:
        'Missing leads are created once in Marketo (by email, with first and last name), then added.',
    },
  } satisfies Record<MarketoMirrorRow['leadMatching'], unknown>,
});

const MarketoMirrorStatusEnum = builder.enumType('MarketoMirrorStatus', {
  description: 'Whether a mirror pushes.',
  values: {
    ACTIVE: { description: 'Changes of the list are pushed.' },
    PAUSED: { description: 'Marketo is disconnected; connectMarketo resumes it.' },
    FAILED: {
      description: 'Marketo refused the credentials; connectMarketo with working ones resumes it.',
    },
  } satisfies Record<MarketoMirrorRow['status'], unknown>,
});

const MarketoPushTriggerEnum = builder.enumType('MarketoPushTrigger', {
  description: 'What started a push.',
  values: {
    INITIAL: { description: 'The mirror was created: every member of the list.' },
    CHANGES: {
      description:
        'Membership changes of the list (sync runs and manual changes), within MARKETO_PUSH_DEBOUNCE_MS.',
    },
    RECONCILE: {
      description:
        "The periodic comparison with the Marketo list's real members (MARKETO_RECONCILE_INTERVAL_MS).",
    },
    MANUAL: { description: 'pushListToMarketoNow: a reconcile asked for by hand.' },
  } satisfies Record<MarketoPushRow['trigger'], unknown>,
});

const MarketoPushStatusEnum = builder.enumType('MarketoPushStatus', {
  description: 'Where a push stands.',
  values: {
    QUEUED: { description: 'Waiting for a worker.' },
    RUNNING: { description: 'A worker is pushing.' },
    SUCCEEDED: {
      description: 'Everything was pushed (emails NOT_IN_MARKETO included, which are recorded).',
    },
    PARTIAL: {
      description:
        'Some records were skipped by Marketo, or wait for quota (the next Marketo day or a manual push).',
    },
    FAILED: { description: 'The push could not go on; `error` says why.' },
  } satisfies Record<MarketoPushRow['status'], unknown>,
});

const MarketoPushActionEnum = builder.enumType('MarketoPushAction', {
  description: 'What a push was to do with a lead.',
  values: {
    ADD: { description: 'Add the lead to the Marketo list.' },
    REMOVE: { description: 'Remove the lead the mirror had added.' },
  } satisfies Record<MarketoPushRecordRow['action'], unknown>,
});

const MarketoPushOutcomeEnum = builder.enumType('MarketoPushOutcome', {
  description: 'What became of a lead in a push.',
  values: {
    ADDED: { description: 'Marketo added the lead to the list.' },
    REMOVED: { description: 'Marketo removed the lead from the list (or it was not on it).' },
    CREATED: { description: 'The lead was created in Marketo (CREATE_MISSING) and added.' },
    NOT_IN_MARKETO: { description: 'No Marketo lead has the email (EXISTING_LEADS).' },
    SKIPPED: {
      description: "Marketo skipped the record; `reasonCode` and `reason` are Marketo's.",
    },
  } satisfies Record<MarketoPushOutcome, unknown>,
});

/** A record of a push; the connection's cursor is its sequence within the push. */
export const MarketoPushRecordRef = builder
  .objectRef<MarketoPushRecordRow>('MarketoPushRecord')
  .implement({
    description: 'What one push did with one lead, and why.',
    authScopes: { read: true },
    fields: (t) => ({
      lead: t.field({
        type: LeadRef,
        nullable: true,
        description: 'The lead; null when it was deleted since.',
        resolve: (record) => record.leadId,
      }),
      email: t.exposeString('email', { description: 'The email the lead was found by.' }),
      marketoLeadId: t.exposeInt('marketoLeadId', {
        nullable: true,
        description: "The Marketo lead's id; null when none has the email.",
      }),
      action: t.expose('action', {
        type: MarketoPushActionEnum,
        description: 'Add or remove.',
      }),
      outcome: t.expose('outcome', {
        type: MarketoPushOutcomeEnum,
        description: 'What became of it.',
      }),
      reasonCode: t.exposeString('reasonCode', {
        nullable: true,
        description: "Marketo's code for a skipped record (1004, 1015, ...).",
      }),
      reason: t.exposeString('reason', {
        nullable: true,
        description: "Marketo's message for a skipped record.",
      }),
    }),
  });

export const MarketoPushRef = builder.loadableNode('MarketoPush', {
  description: 'One push of a mirror into its Marketo list, with its counters.',
  id: { resolve: (push: MarketoPushRow) => push.id },
  load: loadByIds((services) => services.marketoMirrors.pushesByIds),
  isTypeOf: (value) =>
    typeof value === 'object' && value !== null && 'leadsCreated' in value && 'trigger' in value,
  fields: (t) => ({
    trigger: t.expose('trigger', {
      type: MarketoPushTriggerEnum,
      description: 'What started it.',
    }),
    status: t.expose('status', {
      type: MarketoPushStatusEnum,
      description: 'Where it stands.',
    }),
    startedAt: t.expose('startedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When a worker started it; null while QUEUED.',
    }),
    finishedAt: t.expose('finishedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it ended; null until then.',
    }),
    added: t.exposeInt('added', { description: 'Leads added to the Marketo list.' }),
    removed: t.exposeInt('removed', { description: 'Leads removed from it.' }),
    leadsCreated: t.exposeInt('leadsCreated', {
      description: 'Leads created in Marketo (CREATE_MISSING).',
    }),
    notInMarketo: t.exposeInt('notInMarketo', {
      description: 'Emails no Marketo lead has (EXISTING_LEADS).',
    }),
    skipped: t.exposeInt('skipped', { description: 'Records Marketo skipped.' }),
    calls: t.exposeInt('calls', { description: 'Marketo REST calls it made.' }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'Why it FAILED (or what left it PARTIAL); null otherwise.',
    }),
  }),
});

const recordCounts = (outcome: MarketoPushOutcome | null) =>
  countLoader((ctx, ids) => ctx.services.marketoMirrors.recordCounts(ctx.caller, ids, outcome));
const recordCountLoaders = new Map<string, ReturnType<typeof recordCounts>>();
function recordCountLoader(outcome: MarketoPushOutcome | null) {
  const key = outcome ?? '';
  let loader = recordCountLoaders.get(key);
  if (!loader) {
    loader = recordCounts(outcome);
    recordCountLoaders.set(key, loader);
  }
  return loader;
}

builder.objectField(MarketoPushRef, 'records', (t) =>
  t.loadable({
    type: builder.connectionObject(
      {
        type: MarketoPushRecordRef,
        name: 'MarketoPushRecordConnection',
        description: 'Records of a push, in the order they were recorded.',
        fields: (t) => ({
          totalCount: t.int({
            description: 'Records of the push (of the outcome asked for).',
            resolve: totalCountOf,
          }),
        }),
      },
      { name: 'MarketoPushRecordEdge', description: 'One record and its cursor.' },
    ),
    description: 'What the push did with each lead, in order; `outcome` keeps one outcome.',
    byPath: true,
    args: {
      first: t.arg.int({ description: FIRST_ARG_DESCRIPTION }),
      after: t.arg.string({ description: AFTER_ARG_DESCRIPTION }),
      ...backwardArgs,
      outcome: t.arg({
        type: MarketoPushOutcomeEnum,
        description: 'Only records with this outcome.',
      }),
    },
    load: (pushIds: string[], ctx, args) => {
      const outcome = args.outcome ?? null;
      return batchedPages(
        pushIds,
        args,
        (window) =>
          ctx.services.marketoMirrors.records(ctx.caller, pushIds, { ...window, outcome }),
        (row) => String(row.seq),
        (pushId) => recordCountLoader(outcome)(ctx).load(pushId),
      );
    },
    resolve: (push) => push.id,
  }),
);

const pendingLoader = requestLoader((ctx, ids) =>
  ctx.services.marketoMirrors.pending(ctx.caller, ids),
);
const pushCounts = countLoader((ctx, ids) =>
  ctx.services.marketoMirrors.pushCounts(ctx.caller, ids),
);

export const MarketoMirrorRef = builder.loadableNode('MarketoMirror', {
  description: 'A list mirrored into a Marketo static list.',
  id: { resolve: (mirror: MarketoMirrorRow) => mirror.id },
  load: loadByIds((services) => services.marketoMirrors.mirrorsByIds),
  isTypeOf: (value) =>
    typeof value === 'object' &&
    value !== null &&
    'marketoListId' in value &&
    'leadMatching' in value,
  fields: (t) => ({
    list: t.field({
      type: ListRef,
      description: 'The list mirrored.',
      resolve: (mirror) => mirror.listId,
    }),
    marketoListId: t.exposeInt('marketoListId', { description: "The Marketo static list's id." }),
    marketoListName: t.exposeString('marketoListName', {
      description: "The Marketo static list's name when the mirror was made.",
    }),
    leadMatching: t.expose('leadMatching', {
      type: MarketoLeadMatchingEnum,
      description: 'What happens to leads Marketo does not have.',
    }),
    status: t.expose('status', {
      type: MarketoMirrorStatusEnum,
      description: 'Whether it pushes.',
    }),
    pendingAdds: t.int({
      description: 'Leads to add that Marketo has not acknowledged yet.',
      // Counts the mirror's outbox (one batched statement with pendingRemoves).
      extensions: costOf(COST.count),
      resolve: async (mirror, _args, ctx) => (await pendingLoader(ctx).load(mirror.id)).adds,
    }),
    pendingRemoves: t.int({
      description: 'Leads to remove that Marketo has not acknowledged yet.',
      extensions: costOf(COST.count),
      resolve: async (mirror, _args, ctx) => (await pendingLoader(ctx).load(mirror.id)).removes,
    }),
    lastPush: t.loadable({
      type: MarketoPushRef,
      nullable: true,
      description: 'The newest push; null before the first.',
      load: (ids: string[], ctx) => ctx.services.marketoMirrors.lastPushes(ctx.caller, ids),
      resolve: (mirror) => mirror.id,
    }),
  }),
});

builder.objectField(MarketoMirrorRef, 'pushes', (t) =>
  t.loadable({
    type: builder.connectionObject(
      {
        type: MarketoPushRef,
        name: 'MarketoPushConnection',
        description: 'Pushes, newest first.',
        fields: (t) => ({
          totalCount: t.int({ description: 'Pushes kept.', resolve: totalCountOf }),
        }),
      },
      { name: 'MarketoPushEdge', description: 'One push and its cursor.' },
    ),
    description: 'The push history, newest first.',
    byPath: true,
    args: {
      first: t.arg.int({ description: FIRST_ARG_DESCRIPTION }),
      after: t.arg.string({ description: AFTER_ARG_DESCRIPTION }),
      ...backwardArgs,
    },
    load: (mirrorIds: string[], ctx, args) =>
      batchedPages(
        mirrorIds,
        args,
        (window) => ctx.services.marketoMirrors.pushes(ctx.caller, mirrorIds, window),
        (row) => row.id,
        (mirrorId) => pushCounts(ctx).load(mirrorId),
      ),
    resolve: (mirror) => mirror.id,
  }),
);

builder.objectField(ListRef, 'marketoMirror', (t) =>
  t.loadable({
    type: MarketoMirrorRef,
    nullable: true,
    description: 'The mirror of the list in Marketo; null when it is not mirrored.',
    load: (listIds: string[], ctx) =>
      ctx.services.marketoMirrors.mirrorsOfLists(ctx.caller, listIds),
    resolve: (list) => list.id,
  }),
);

const MirrorListToMarketoInput = builder.inputType('MirrorListToMarketoInput', {
  description:
    'The list, and the Marketo static list to mirror it into: exactly one of marketoListId and marketoListName.',
  fields: (t) => ({
    listId: t.id({ required: true, description: 'The list to mirror.' }),
    marketoListId: t.int({ description: 'An existing Marketo static list, by id.' }),
    marketoListName: t.string({
      description:
        'A Marketo static list by name: found, or created once in marketoFolderId when none has it.',
    }),
    marketoFolderId: t.int({
      description:
        'The Marketo folder to create the list in; required only when it must be created.',
    }),
    leadMatching: t.field({
      type: MarketoLeadMatchingEnum,
      description: 'Default EXISTING_LEADS.',
    }),
  }),
});

const MirrorListToMarketoSuccess = builder
  .objectRef<{ mirror: MarketoMirrorRow }>('MirrorListToMarketoSuccess')
  .implement({
    description: 'The new mirror; its INITIAL push is queued.',
    fields: (t) => ({
      mirror: t.expose('mirror', { type: MarketoMirrorRef, description: 'The new mirror.' }),
    }),
  });

builder.mutationField('mirrorListToMarketo', (t) =>
  t.field({
    type: MirrorListToMarketoSuccess,
    description:
      'Mirrors a list into a Marketo static list (found by id or name, or created once by name) and queues its INITIAL push.',
    args: {
      input: t.arg({
        type: MirrorListToMarketoInput,
        required: true,
        description: 'The list and the Marketo list.',
      }),
    },
    authScopes: { write: true },
    errors: {
      types: [
        ...COMMON_MUTATION_ERRORS,
        MarketoNotConnectedError,
        MarketoListNotFoundError,
        AlreadyMirroredError,
        MarketoAuthFailedError,
        MarketoUnreachableError,
      ],
    },
    resolve: async (_root, { input }, ctx) => ({
      mirror: await ctx.services.marketoMirrors.mirror(ctx.caller, {
        listId: decodeId(String(input.listId), 'List', ['input', 'listId']),
        marketoListId: input.marketoListId,
        marketoListName: input.marketoListName,
        marketoFolderId: input.marketoFolderId,
        leadMatching: input.leadMatching,
      }),
    }),
  }),
);

const ListIdInput = (name: string, description: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({ listId: t.id({ required: true, description: 'The mirrored list.' }) }),
  });

const StopMirroringListInput = ListIdInput(
  'StopMirroringListInput',
  'The list whose mirror to stop.',
);
const PushListToMarketoNowInput = ListIdInput(
  'PushListToMarketoNowInput',
  'The list whose mirror to push.',
);

const StopMirroringListSuccess = builder
  .objectRef<{ listId: string }>('StopMirroringListSuccess')
  .implement({
    description: 'The mirror is gone; the Marketo list is left as it is.',
    fields: (t) => ({
      list: t.field({
        type: ListRef,
        description: 'The list, no longer mirrored.',
        resolve: (answer) => answer.listId,
      }),
    }),
  });

builder.mutationField('stopMirroringList', (t) =>
  t.field({
    type: StopMirroringListSuccess,
    description:
      'Stops mirroring a list into Marketo, with its push history; the Marketo list and its members are left as they are.',
    args: {
      input: t.arg({
        type: StopMirroringListInput,
        required: true,
        description: 'The mirrored list.',
      }),
    },
    authScopes: { write: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: (_root, { input }, ctx) =>
      ctx.services.marketoMirrors.stop(ctx.caller, {
        listId: decodeId(String(input.listId), 'List', ['input', 'listId']),
      }),
  }),
);

const PushListToMarketoNowSuccess = builder
  .objectRef<{ mirror: MarketoMirrorRow; pushId: string }>('PushListToMarketoNowSuccess')
  .implement({
    description: 'The MANUAL push is queued.',
    fields: (t) => ({
      mirror: t.expose('mirror', { type: MarketoMirrorRef, description: 'The mirror.' }),
      push: t.field({
        type: MarketoPushRef,
        description:
          'The queued push (a push already queued for the mirror, now MANUAL, when there was one).',
        resolve: (answer) => answer.pushId,
      }),
    }),
  });

builder.mutationField('pushListToMarketoNow', (t) =>
  t.field({
    type: PushListToMarketoNowSuccess,
    description:
      "Queues a MANUAL push of the list's mirror, which reconciles against the Marketo list's current members.",
    args: {
      input: t.arg({
        type: PushListToMarketoNowInput,
        required: true,
        description: 'The mirrored list.',
      }),
    },
    authScopes: { write: true },
    errors: { types: [...COMMON_MUTATION_ERRORS, MarketoNotConnectedError] },
    resolve: (_root, { input }, ctx) =>
      ctx.services.marketoMirrors.pushNow(ctx.caller, {
        listId: decodeId(String(input.listId), 'List', ['input', 'listId']),
      }),
  }),
);

const FINAL_PUSH_STATUSES: ReadonlySet<MarketoPushRow['status']> = new Set([
  'SUCCEEDED',
  'PARTIAL',
  'FAILED',
]);

/**
 * marketoPushProgress: refused on a process that does not serve subscriptions, then the
 * service says whether the caller may follow the list's mirror, then the stream takes its
 * connection slot. Each push is read through the service when delivered, with fresh reads.
 */
async function pushProgress(
  ctx: Context,
  listId: string,
): Promise<AsyncIterableIterator<MarketoPushRow | Error>> {
  const rt = servingRealtime(ctx.realtime);
  const { caller } = ctx;
  const mirrors = ctx.services.marketoMirrors;
  const mirror = await mirrors.visibleForPushProgress(caller, { listId });
  return marketoPushStream(
    rt,
    streamScope(rt, caller, connectionOf(ctx)),
    listId,
    async (pushId) => {
      freshReads(ctx);
      const [push] = await mirrors.pushesByIds(caller, [pushId]);
      return push ? { value: push, final: FINAL_PUSH_STATUSES.has(push.status) } : null;
    },
    async () => (await mirrors.lastPushes(caller, [mirror.id]))[0]?.id ?? null,
  );
}

builder.subscriptionField('marketoPushProgress', (t) =>
  t.field({
    type: MarketoPushRef,
    description:
      "Pushes of the list's mirror as they move: the push's counters (at most one event per PROGRESS_THROTTLE_MS) and a last event with its final status; the newest push first when it has not ended.",
    authScopes: { read: true },
    args: {
      listId: t.arg.id({ required: true, description: 'The global id of the mirrored list.' }),
    },
    subscribe: (_root, args, ctx) =>
      pushProgress(ctx, decodeId(String(args.listId), 'List', ['listId'])),
    resolve: orThrow,
  }),
);
