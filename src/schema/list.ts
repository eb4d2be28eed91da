import { NameTakenError } from '../domain/errors.js';
import type { MembershipSource } from '../entities/list-membership.js';
import type { Context } from '../http/context.js';
import type { ListRow } from '../services/read-rows.js';
import { builder } from './builder.js';
import { COST, costOf } from './cost.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId, decodeIds, idOrNull } from './ids.js';
import { LeadRef } from './lead.js';
import { batchedPages, countLoader, loadByIds, mapEdges } from './lookups.js';
import { type MembersMutationText, membersMutation } from './members-mutation.js';
import { pageArgs } from './page-args.js';
import { keysetPage, TOTAL_COUNT_DESCRIPTION, totalCountOf } from './pagination.js';

export const MembershipSourceEnum = builder.enumType('ListMembershipSource', {
  description: "Who owns a membership: added by hand (MANUAL) or by the list's sync (SYNC).",
  values: {
    MANUAL: { description: 'Added by hand (addListMembers); no sync removes it.' },
    SYNC: {
      description:
        "Added by the list's sync; the next run removes it when the lead no longer matches.",
    },
  } satisfies Record<MembershipSource, unknown>,
});

/** A Marketo-style static list (entity StaticList). */
export const ListRef = builder.loadableNode('List', {
  description: 'A Marketo-style static list of leads.',
  id: { resolve: (list: ListRow) => list.id },
  load: loadByIds((services) => services.lists.byIds),
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'The list name (1-255 characters, unique per workspace, any case).',
    }),
    memberCount: t.loadable({
      type: 'Int',
      description: 'Members, manual and sync.',
      extensions: costOf(COST.listMemberCount),
      load: (ids: string[], ctx) => ctx.services.lists.memberCounts(ctx.caller, ids),
      resolve: (list) => list.id,
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the list was created.',
    }),
  }),
});

type SourcedEdge = { cursor: string; node: string; source: MembershipSource };

const ListMemberConnection = builder.connectionObject(
  {
    type: LeadRef,
    name: 'ListMemberConnection',
    fields: (t) => ({
      totalCount: t.int({
        description: TOTAL_COUNT_DESCRIPTION,
        extensions: costOf(COST.listMemberCount),
        resolve: totalCountOf,
      }),
    }),
  },
  {
    name: 'ListMemberEdge',
    fields: (t) => ({
      source: t.field({
        type: MembershipSourceEnum,
        description: 'How the lead came onto the list: added by hand or by a sync.',
        resolve: (edge) => (edge as unknown as SourcedEdge).source,
      }),
    }),
  },
);

const LeadListConnection = builder.connectionObject(
  {
    type: ListRef,
    name: 'LeadListConnection',
  },
  {
    name: 'LeadListEdge',
    fields: (t) => ({
      source: t.field({
        type: MembershipSourceEnum,
        description: 'How the lead came onto the list: added by hand or by a sync.',
        resolve: (edge) => (edge as unknown as SourcedEdge).source,
      }),
    }),
  },
);

const memberCounts = countLoader((ctx, ids) => ctx.services.lists.memberCounts(ctx.caller, ids));
const leadListCounts = countLoader((ctx, ids) =>
  ctx.services.lists.listCountsOfLeads(ctx.caller, ids),
);

builder.objectField(ListRef, 'members', (t) =>
  t.loadable({
    type: ListMemberConnection,
    description: 'The leads on the list, by lead id, with who owns each membership.',
    byPath: true,
    args: pageArgs,
    load: async (listIds: string[], ctx, args) => {
      const pages = await batchedPages(
        listIds,
        args,
        (window) => ctx.services.lists.members(ctx.caller, listIds, window),
        (row) => row.lead_id,
        (listId) => memberCounts(ctx).load(listId),
      );
      return pages.map((page) =>
        mapEdges(page, (row) => ({ node: row.lead_id, source: row.source })),
      );
    },
    resolve: (list) => list.id,
  }),
);

builder.objectField(LeadRef, 'lists', (t) =>
  t.loadable({
    type: LeadListConnection,
    description: 'The lists the lead is on, by list id, with who owns each membership.',
    byPath: true,
    args: pageArgs,
    load: async (leadIds: string[], ctx, args) => {
      const pages = await batchedPages(
        leadIds,
        args,
        (window) => ctx.services.lists.listsOfLeads(ctx.caller, leadIds, window),
        (row) => row.list_id,
        (leadId) => leadListCounts(ctx).load(leadId),
      );
      return pages.map((page) =>
        mapEdges(page, (row) => ({ node: row.list_id, source: row.source })),
      );
    },
    resolve: (lead) => lead.id,
  }),
);

builder.queryFields((t) => ({
  lists: t.field({
    type: builder.connectionObject(
      {
        type: ListRef,
        name: 'ListConnection',
      },
      { name: 'ListEdge' },
    ),
    description: 'Lists, oldest first; `search` matches names, any case.',
    authScopes: { read: true },
    args: {
      search: t.arg.string({
        description: 'Matches part of the name, any case; empty matches all.',
      }),
      ...pageArgs,
    },
    resolve: (_root, args, ctx) =>
      keysetPage(
        args,
        (list: ListRow) => list.id,
        (window) => ctx.services.lists.find(ctx.caller, { search: args.search, ...window }),
        () => ctx.services.lists.count(ctx.caller, { search: args.search }),
      ),
  }),
  list: t.field({
    type: ListRef,
    nullable: true,
    description: 'The list with this id, or null when none is visible.',
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true, description: 'The global id of the list.' }) },
    resolve: (_root, { id }) => idOrNull(String(id), 'List', ['id']),
  }),
}));

const CreateListInput = builder.inputType('CreateListInput', {
  description: 'A new, empty static list.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'The list name: trimmed, 1-255 characters, unique per workspace (any case).',
    }),
  }),
});

const CreateListSuccess = builder.objectRef<{ list: ListRow }>('CreateListSuccess').implement({
  description: 'The list was created.',
  fields: (t) => ({ list: t.expose('list', { type: ListRef, description: 'The new list.' }) }),
});

builder.mutationField('createList', (t) =>
  t.field({
    type: CreateListSuccess,
    description:
      'Creates an empty static list; NAME_TAKEN when the workspace has a list of that name.',
    args: {
      input: t.arg({ type: CreateListInput, required: true, description: 'The new list.' }),
    },
    authScopes: { write: true },
    errors: { types: [...COMMON_MUTATION_ERRORS, NameTakenError] },
    resolve: async (_root, { input }, ctx) => ({
      list: await ctx.services.lists.create(ctx.caller, input),
    }),
  }),
);

/**
 * addListMembers and removeListMembers: a list and leads in (all or nothing), the list and how
 * many leads changed out; `write` is the service's verb.
 */
function listMembersMutation(
  name: string,
  text: MembersMutationText,
  write: (ctx: Context, input: { listId: string; leadIds: string[] }) => Promise<number>,
) {
  membersMutation({
    name,
    text,
    inputArg: 'The list and the leads.',
    inputFields: (t) => ({
      listId: t.id({ required: true, description: text.parentId }),
      leadIds: t.idList({ required: true, description: 'At most 10,000 lead ids.' }),
    }),
    parent: {
      name: 'list',
      field: (t) =>
        t.field({ type: ListRef, description: text.parent, resolve: (answer) => answer.parentId }),
    },
    write: async (ctx, input) => {
      const listId = decodeId(String(input.listId), 'List', ['input', 'listId']);
      const leadIds = decodeIds((input.leadIds as unknown[]).map(String), 'Lead', [
        'input',
        'leadIds',
      ]);
      return { parentId: listId, count: await write(ctx, { listId, leadIds }) };
    },
  });
}

listMembersMutation(
  'addListMembers',
  {
    input: 'Leads to add to a list by hand.',
    parentId: 'The list to add them to.',
    success: 'The leads were added.',
    parent: 'The list, with its new members.',
    count: 'Leads that were not on the list before.',
    mutation:
      'Adds leads to a list by hand (MANUAL), all or nothing. A lead the list has through its sync becomes a manual member, which no sync removes.',
  },
  (ctx, input) => ctx.services.lists.addMembers(ctx.caller, input),
);

listMembersMutation(
  'removeListMembers',
  {
    input: 'Leads to remove from a list.',
    parentId: 'The list to remove them from.',
    success: 'The leads were removed.',
    parent: 'The list, without the removed members.',
    count: 'Leads that were on the list.',
    mutation:
      "Removes leads from a list, manual and sync members alike, all or nothing. A removed lead that the list's sync still matches comes back with its next run.",
  },
  (ctx, input) => ctx.services.lists.removeMembers(ctx.caller, input),
);
