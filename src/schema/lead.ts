import { MAX_LEADS_PER_CALL } from '../services/leads.js';
import type { LeadRow } from '../services/read-rows.js';
import { builder } from './builder.js';
import { COST, costOf, listOf } from './cost.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { idOrNull } from './ids.js';
import { loadByIds } from './lookups.js';
import { pageArgs } from './page-args.js';
import { keysetPage } from './pagination.js';

/** A known person; `lists` is added by the List type's file. */
export const LeadRef = builder.loadableNode('Lead', {
  description: 'A known person, identified by email.',
  id: { resolve: (lead: LeadRow) => lead.id },
  load: loadByIds((services) => services.leads.byIds),
  fields: (t) => ({
    email: t.exposeString('email', { description: 'Lower-cased; unique per workspace.' }),
    firstName: t.exposeString('firstName', {
      nullable: true,
      description: 'The first name; null when unknown.',
    }),
    lastName: t.exposeString('lastName', {
      nullable: true,
      description: 'The last name; null when unknown.',
    }),
    ecids: t.loadableList({
      type: 'String',
      description:
        'The distinct ECIDs cookie-synced with the Munchkin cookies associated with this lead.',
      extensions: costOf(COST.lookup),
      load: (ids: string[], ctx) => ctx.services.leads.ecids(ctx.caller, ids),
      resolve: (lead) => lead.id,
    }),
  }),
});

const LeadConnection = builder.connectionObject(
  {
    type: LeadRef,
    name: 'LeadConnection',
  },
  { name: 'LeadEdge' },
);

builder.queryFields((t) => ({
  leads: t.field({
    type: LeadConnection,
    description: 'Leads, oldest first; `email` finds the one lead with that address, any case.',
    authScopes: { read: true },
    args: {
      email: t.arg.string({
        description: 'Only the lead with this email (any case); empty matches all.',
      }),
      ...pageArgs,
    },
    resolve: (_root, args, ctx) =>
      keysetPage(
        args,
        (lead: LeadRow) => lead.id,
        (window) => ctx.services.leads.find(ctx.caller, { email: args.email, ...window }),
        () => ctx.services.leads.count(ctx.caller, { email: args.email }),
      ),
  }),
  lead: t.field({
    type: LeadRef,
    nullable: true,
    description: 'The lead with this id, or null when none is visible.',
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true, description: 'The global id of the lead.' }) },
    resolve: (_root, { id }) => idOrNull(String(id), 'Lead', ['id']),
  }),
}));

const LeadInput = builder.inputType('LeadInput', {
  description: 'A lead to create or update, matched by email.',
  fields: (t) => ({
    email: t.string({
      required: true,
      description: 'A valid address (at most 254 characters), stored lower-cased.',
    }),
    firstName: t.string({
      description:
        'At most 255 characters after trimming. Omitted or null keeps the stored name; "" clears it.',
    }),
    lastName: t.string({
      description:
        'At most 255 characters after trimming. Omitted or null keeps the stored name; "" clears it.',
    }),
  }),
});

const UpsertLeadsInput = builder.inputType('UpsertLeadsInput', {
  description: 'Leads to create or update.',
  fields: (t) => ({
    leads: t.field({
      type: [LeadInput],
      required: true,
      description: 'At most 1,000 leads, matched by email; the last entry of an email wins.',
    }),
  }),
});

const UpsertLeadsSuccess = builder
  .objectRef<{ leadIds: string[] }>('UpsertLeadsSuccess')
  .implement({
    description: 'Every lead was created or updated.',
    fields: (t) => ({
      leads: t.field({
        type: [LeadRef],
        description: 'The lead of every input entry, in input order.',
        extensions: listOf(MAX_LEADS_PER_CALL),
        resolve: (result) => result.leadIds,
      }),
    }),
  });

builder.mutationField('upsertLeads', (t) =>
  t.field({
    type: UpsertLeadsSuccess,
    description: 'Creates or updates leads by email, all or nothing.',
    args: {
      input: t.arg({ type: UpsertLeadsInput, required: true, description: 'The leads.' }),
    },
    authScopes: { write: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: async (_root, { input }, ctx) => ({
      leadIds: await ctx.services.leads.upsert(ctx.caller, { leads: input.leads }),
    }),
  }),
);
