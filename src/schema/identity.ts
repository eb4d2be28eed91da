import {
  CookieSyncDisabledError,
  HipaaRestrictedError,
  ImsOrgMismatchError,
  IntegrationNotConfiguredError,
} from '../services/errors.js';
import { ASSOCIATION_SOURCES } from '../services/identity.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { LeadRef } from './lead.js';

export const AssociationSourceEnum = builder.enumType('AssociationSource', {
  description: 'How a Munchkin cookie became tied to a known lead.',
  values: ASSOCIATION_SOURCES,
});

const RecordCookieSyncInput = builder.inputType('RecordCookieSyncInput', {
  fields: (t) => ({
    imsOrgId: t.string({ required: true }),
    ecid: t.string({ required: true }),
    cookieId: t.string({ required: true }),
  }),
});

const RecordCookieSyncSuccess = builder
  .objectRef<{ ecid: string; cookieId: string }>('RecordCookieSyncSuccess')
  .implement({
    fields: (t) => ({
      ecid: t.exposeString('ecid'),
      cookieId: t.exposeString('cookieId'),
    }),
  });

builder.mutationField('recordCookieSync', (t) =>
  t.field({
    type: RecordCookieSyncSuccess,
    description: 'Records that the browser with a Munchkin cookie has an ECID (idempotent).',
    args: { input: t.arg({ type: RecordCookieSyncInput, required: true }) },
    authScopes: { write: true },
    errors: {
      types: [
        ...COMMON_MUTATION_ERRORS,
        HipaaRestrictedError,
        IntegrationNotConfiguredError,
        ImsOrgMismatchError,
        CookieSyncDisabledError,
      ],
    },
    resolve: (_root, { input }, ctx) => ctx.services.identity.recordCookieSync(ctx.caller, input),
  }),
);

const AssociateLeadInput = builder.inputType('AssociateLeadInput', {
  fields: (t) => ({
    cookieId: t.string({ required: true }),
    email: t.string({ required: true }),
    source: t.field({ type: AssociationSourceEnum, required: true }),
  }),
});

const AssociateLeadSuccess = builder
  .objectRef<{ leadId: string }>('AssociateLeadSuccess')
  .implement({
    fields: (t) => ({
      lead: t.field({ type: LeadRef, resolve: (result) => result.leadId }),
    }),
  });

builder.mutationField('associateLead', (t) =>
  t.field({
    type: AssociateLeadSuccess,
    description:
      'Ties a Munchkin cookie to the lead with this email (created when unknown); the latest association wins.',
    args: { input: t.arg({ type: AssociateLeadInput, required: true }) },
    authScopes: { write: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: (_root, { input }, ctx) => ctx.services.identity.associateLead(ctx.caller, input),
  }),
);
