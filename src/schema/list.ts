import { MEMBERSHIP_SOURCES, type MembershipSource } from '../entities/list-membership.js';
import { type IStaticList, StaticList } from '../entities/static-list.js';
import { NameTakenError } from '../services/errors.js';
import { listCountsByLead, listsByLead } from '../services/leads.js';
import {
  addListMembers,
  countLists,
  createList,
  findLists,
  listMemberCounts,
  membersByList,
  removeListMembers,
} from '../services/lists.js';
import { builder } from './builder.js';
import { COST, costOf } from './cost.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId, decodeIds } from './ids.js';
import { LeadRef } from './lead.js';
import { loadInWorkspace } from './loaders.js';
import { batchedPages, countLoader, idOrNull, mapEdges, totalCountOf } from './lookups.js';
import { keysetPage } from './pagination.js';

const MembershipSourceEnum = builder.enumType('ListMembershipSource', {
  description: "Who owns a membership: added by hand (MANUAL) or by the list's sync (SYNC).",
  values: MEMBERSHIP_SOURCES,
});

/** A Marketo-style static list (entity StaticList). */
export const ListRef = builder.loadableNode('List', {
  id: { resolve: (list: IStaticList) => list.id },
  load: (ids: string[], ctx) => loadInWorkspace(ctx, StaticList, ids) as Promise<IStaticList[]>,
  fields: (t) => ({
    name: t.exposeString('name'),
    memberCount: t.loadable({
      type: 'Int',
      description: 'Members, manual and sync.',
      extensions: costOf(COST.listMemberCount),
      load: async (ids: string[], ctx) => {
        const counts = await listMemberCounts(ctx.app.database.pool, ctx.caller.workspaceId, ids);
        return ids.map((id) => counts.get(id) ?? 0);
      },
      resolve: (list) => list.id,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

type SourcedEdge = { cursor: string; node: string; source: MembershipSource };

const ListMemberConnection = builder.connectionObject(
  {
    type: LeadRef,
    name: 'ListMemberConnection',
    fields: (t) => ({
      totalCount: t.int({ extensions: costOf(COST.listMemberCount), resolve: totalCountOf }),
    }),
  },
  {
    name: 'ListMemberEdge',
    fields: (t) => ({
      source: t.field({
        type: MembershipSourceEnum,
        resolve: (edge) => (edge as unknown as SourcedEdge).source,
      }),
    }),
  },
);

const LeadListConnection = builder.connectionObject(
  {
    type: ListRef,
    name: 'LeadListConnection',
    fields: (t) => ({ totalCount: t.int({ resolve: totalCountOf }) }),
  },
  {
    name: 'LeadListEdge',
    fields: (t) => ({
      source: t.field({
        type: MembershipSourceEnum,
        resolve: (edge) => (edge as unknown as SourcedEdge).source,
      }),
    }),
  },
);

const memberCounts = countLoader((ctx, ids) =>
  listMemberCounts(ctx.app.database.pool, ctx.caller.workspaceId, ids),
);
const leadListCounts = countLoader((ctx, ids) =>
  listCountsByLead(ctx.app.database.pool, ctx.caller.workspaceId, ids),
);

builder.objectField(ListRef, 'members', (t) =>
  t.loadable({
    type: ListMemberConnection,
    description: 'The leads on the list, by lead id, with who owns each membership.',
    byPath: true,
    args: { first: t.arg.int(), after: t.arg.string() },
    load: async (listIds: string[], ctx, args) => {
      const pages = await batchedPages(
        listIds,
        args,
        (limit, afterKey) =>
          membersByList(ctx.app.database.pool, ctx.caller.workspaceId, listIds, limit, afterKey),
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
    args: { first: t.arg.int(), after: t.arg.string() },
    load: async (leadIds: string[], ctx, args) => {
      const pages = await batchedPages(
        leadIds,
        args,
        (limit, afterKey) =>
          listsByLead(ctx.app.database.pool, ctx.caller.workspaceId, leadIds, limit, afterKey),
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
        fields: (t) => ({ totalCount: t.int({ resolve: totalCountOf }) }),
      },
      { name: 'ListEdge' },
    ),
    description: 'Lists, oldest first; `search` matches names, any case.',
    authScopes: { read: true },
    args: { search: t.arg.string(), first: t.arg.int(), after: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const workspaceId = ctx.caller.workspaceId;
      return keysetPage(
        args,
        (list: IStaticList) => list.id,
        (limit, afterId) => findLists(ctx.em, workspaceId, args.search, limit, afterId),
        () => countLists(ctx.em, workspaceId, args.search),
      );
    },
  }),
  list: t.field({
    type: ListRef,
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }) => idOrNull(String(id), 'List', ['id']),
  }),
}));

const CreateListInput = builder.inputType('CreateListInput', {
  fields: (t) => ({ name: t.string({ required: true }) }),
});

const CreateListSuccess = builder
  .objectRef<{ list: IStaticList }>('CreateListSuccess')
  .implement({ fields: (t) => ({ list: t.expose('list', { type: ListRef }) }) });

builder.mutationField('createList', (t) =>
  t.field({
    type: CreateListSuccess,
    args: { input: t.arg({ type: CreateListInput, required: true }) },
    authScopes: { write: true },
    errors: { types: [...COMMON_MUTATION_ERRORS, NameTakenError] },
    resolve: async (_root, { input }, ctx) => ({
      list: await createList(ctx.em, ctx.caller.workspaceId, input),
    }),
  }),
);

for (const [field, apply, countDescription] of [
  ['addListMembers', addListMembers, 'Leads that were not on the list before.'],
  ['removeListMembers', removeListMembers, 'Leads that were on the list.'],
] as const) {
  const typeName = field.charAt(0).toUpperCase() + field.slice(1);
  const Input = builder.inputType(`${typeName}Input`, {
    fields: (t) => ({
      listId: t.id({ required: true }),
      leadIds: t.idList({ required: true, description: 'At most 10,000 lead ids.' }),
    }),
  });
  const Success = builder.objectRef<{ listId: string; count: number }>(`${typeName}Success`);
  Success.implement({
    fields: (t) => ({
      list: t.field({ type: ListRef, resolve: (result) => result.listId }),
      count: t.exposeInt('count', { description: countDescription }),
    }),
  });
  builder.mutationField(field, (t) =>
    t.field({
      type: Success,
      args: { input: t.arg({ type: Input, required: true }) },
      authScopes: { write: true },
      errors: { types: COMMON_MUTATION_ERRORS },
      resolve: async (_root, { input }, ctx) => {
        const listId = decodeId(String(input.listId), 'List', ['input', 'listId']);
        const leadIds = decodeIds(input.leadIds.map(String), 'Lead', ['input', 'leadIds']);
        const count = await apply(ctx.app, ctx.caller.workspaceId, listId, leadIds);
        return { listId, count };
      },
    }),
  );
}
