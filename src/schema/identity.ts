import type { ASSOCIATION_SOURCES } from '../domain/association-sources.js';
import {
  CookieSyncDisabledError,
  HipaaRestrictedError,
  ImsOrgMismatchError,
  IntegrationNotConfiguredError,
} from '../domain/errors.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { LeadRef } from './lead.js';

export const AssociationSourceEnum = builder.enumType('AssociationSource', {
  description: 'How a Munchkin cookie became tied to a known lead.',
  values: {
    FORM_FILL: { description: 'The visitor filled out a form.' },
    EMAIL_CLICK: { description: 'The visitor clicked a tracked email link.' },
    API: { description: 'Recorded through the API.' },
  } satisfies Record<(typeof ASSOCIATION_SOURCES)[number], unknown>,
});

const RecordCookieSyncInput = builder.inputType('RecordCookieSyncInput', {
  description: 'A Munchkin cookie and the ECID of the same browser.',
  fields: (t) => ({
    imsOrgId: t.string({
      required: true,
      description:
        "The IMS org id the ECID belongs to; must be the workspace's (IMS_ORG_MISMATCH).",
    }),
    ecid: t.string({ required: true, description: 'The ECID: exactly 38 ASCII digits.' }),
    cookieId: t.string({
      required: true,
      description:
        'The Munchkin cookie id (`_mkto_trk` token): starts with `_mch-`, 6-255 printable ASCII characters, no spaces.',
    }),
  }),
});

const RecordCookieSyncSuccess = builder
  .objectRef<{ ecid: string; cookieId: string }>('RecordCookieSyncSuccess')
  .implement({
    description: 'The cookie sync was recorded.',
    fields: (t) => ({
      ecid: t.exposeString('ecid', { description: 'The ECID recorded.' }),
      cookieId: t.exposeString('cookieId', { description: 'The Munchkin cookie id recorded.' }),
    }),
  });

builder.mutationField('recordCookieSync', (t) =>
  t.field({
    type: RecordCookieSyncSuccess,
    description: 'Records that the browser with a Munchkin cookie has an ECID (idempotent).',
    args: {
      input: t.arg({
        type: RecordCookieSyncInput,
        required: true,
        description: 'The cookie sync.',
      }),
    },
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
  description: 'A Munchkin cookie and the email of the lead it belongs to.',
  fields: (t) => ({
    cookieId: t.string({
      required: true,
      description:
        'The Munchkin cookie id: starts with `_mch-`, 6-255 printable ASCII characters, no spaces.',
    }),
    email: t.string({
      required: true,
      description: 'The lead email (a valid address, at most 254 characters; stored lower-cased).',
    }),
    source: t.field({
      type: AssociationSourceEnum,
      required: true,
      description: 'How the association was made.',
    }),
  }),
});

const AssociateLeadSuccess = builder
  .objectRef<{ leadId: string }>('AssociateLeadSuccess')
  .implement({
    description: 'The cookie is now associated with the lead.',
    fields: (t) => ({
      lead: t.field({
        type: LeadRef,
        description: 'The associated lead.',
        resolve: (result) => result.leadId,
      }),
    }),
  });

builder.mutationField('associateLead', (t) =>
  t.field({
    type: AssociateLeadSuccess,
    description:
      'Ties a Munchkin cookie to the lead with this email (created when unknown); the latest association wins.',
    args: {
      input: t.arg({ type: AssociateLeadInput, required: true, description: 'The association.' }),
    },
    authScopes: { write: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: (_root, { input }, ctx) => ctx.services.identity.associateLead(ctx.caller, input),
  }),
);
