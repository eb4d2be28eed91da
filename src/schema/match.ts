import {
  EXPLAIN_LEAD_LIST_LIMIT,
  type LeadMatchExplanation,
  type MatchExplanation,
} from '../sync/explain.js';
import { AudienceRef } from './audience.js';
import { builder } from './builder.js';
import { COST, costOf, LIST_BOUNDS, listOf } from './cost.js';
import { decodeId } from './ids.js';
import { LeadRef } from './lead.js';
import { SyncStatsRef } from './sync-stats.js';

export const MatchReasonEnum = builder.enumType('MatchReason', {
  description: 'Why an ECID does or does not bring a lead into a sync of the audience.',
  values: {
    MATCHED: {
      description: 'In the audience, cookie-synced, and a cookie is associated with a known lead.',
    },
    NOT_IN_AUDIENCE: { description: 'The ECID is not a member of the audience.' },
    NO_COOKIE_SYNC: { description: 'In the audience, but no Munchkin cookie is synced with it.' },
    ANONYMOUS_COOKIE: {
      description:
        'In the audience and cookie-synced, but no cookie is associated with a lead yet.',
    },
  } as const,
});

/** Why an ECID does or does not bring leads into a sync of an audience. */
export const MatchExplanationRef = builder
  .objectRef<MatchExplanation>('MatchExplanation')
  .implement({
    description: 'Why an ECID does or does not bring leads into a sync of an audience.',
    // Not a Node, so the Node interface's read scope does not cover it.
    authScopes: { read: true },
    fields: (t) => ({
      ecid: t.exposeString('ecid', { description: 'The ECID explained.' }),
      inAudience: t.exposeBoolean('inAudience', {
        description: 'Whether the ECID is a member of the audience.',
      }),
      reason: t.expose('reason', {
        type: MatchReasonEnum,
        description: 'The outcome, by the matching rule.',
      }),
      cookieIds: t.exposeStringList('cookieIds', {
        description: 'Munchkin cookies synced with the ECID.',
      }),
      leads: t.field({
        type: [LeadRef],
        description: 'Known leads those cookies are associated with.',
        extensions: listOf(LIST_BOUNDS.leadsPerEcid),
        resolve: (explanation) => explanation.leadIds,
      }),
    }),
  });

builder.objectField(AudienceRef, 'explainMatch', (t) =>
  t.field({
    type: MatchExplanationRef,
    description:
      'Explains whether this ECID brings leads into a sync of the audience, and if not, why.',
    extensions: costOf(COST.explainMatch),
    args: {
      ecid: t.arg.string({ required: true, description: 'The ECID: exactly 38 ASCII digits.' }),
    },
    resolve: (audience, args, ctx) =>
      ctx.services.syncJobs.explain(ctx.caller, audience.id, args.ecid),
  }),
);

export const LeadMatchReasonEnum = builder.enumType('LeadMatchReason', {
  description: 'Why a lead is or is not matched by an audience, by the matching rule.',
  values: {
    MATCHED: {
      description:
        'A cookie associated with the lead is synced with an ECID of the audience: a sync puts the lead on its list.',
    },
    NOT_A_LEAD: { description: 'No lead has this email.' },
    NO_COOKIE: { description: 'The lead has no associated Munchkin cookie.' },
    NO_COOKIE_SYNC: { description: "The lead's cookies are synced with no ECID." },
    NOT_IN_AUDIENCE: {
      description: "None of the ECIDs the lead's cookies are synced with is in the audience.",
    },
  } as const,
});

/** Why a lead (by email) is or is not matched by an audience. */
export const LeadMatchExplanationRef = builder
  .objectRef<LeadMatchExplanation>('LeadMatchExplanation')
  .implement({
    description:
      'Why a lead, found by email, is or is not matched by an audience: the matching rule walked from the lead (cookies, their ECIDs, those in the audience).',
    // Not a Node, so the Node interface's read scope does not cover it.
    authScopes: { read: true },
    fields: (t) => ({
      email: t.exposeString('email', {
        description: 'The email explained, as leads store it (trimmed, lower case).',
      }),
      lead: t.field({
        type: LeadRef,
        nullable: true,
        description: 'The lead with that email; null when there is none (NOT_A_LEAD).',
        resolve: (explanation) => explanation.leadId,
      }),
      reason: t.expose('reason', {
        type: LeadMatchReasonEnum,
        description: 'The outcome, by the matching rule: the first step that finds nothing.',
      }),
      cookieIds: t.exposeStringList('cookieIds', {
        description: `Munchkin cookies associated with the lead, in order (at most ${EXPLAIN_LEAD_LIST_LIMIT}).`,
      }),
      ecids: t.exposeStringList('ecids', {
        description: `ECIDs those cookies are synced with, in order (at most ${EXPLAIN_LEAD_LIST_LIMIT}).`,
      }),
      audienceEcids: t.exposeStringList('audienceEcids', {
        description: `Those of the ECIDs that are members of the audience, in order (at most ${EXPLAIN_LEAD_LIST_LIMIT}); not empty exactly when MATCHED.`,
      }),
    }),
  });

builder.objectField(AudienceRef, 'explainLead', (t) =>
  t.field({
    type: LeadMatchExplanationRef,
    description:
      'Explains whether a sync of the audience puts the lead with this email on its list, and if not, why.',
    extensions: costOf(COST.explainMatch),
    args: {
      email: t.arg.string({
        required: true,
        description: "The lead's email, any case; an invalid address is refused with VALIDATION.",
      }),
    },
    resolve: (audience, args, ctx) =>
      ctx.services.syncJobs.explainLead(ctx.caller, audience.id, args.email),
  }),
);

builder.queryField('previewAudienceSync', (t) =>
  t.field({
    type: SyncStatsRef,
    nullable: true,
    description:
      'A dry run: the statistics a sync of the audience into a new list would produce now. Writes nothing.',
    authScopes: { read: true },
    extensions: costOf(COST.previewAudienceSync),
    args: {
      audienceId: t.arg.id({ required: true, description: 'The global id of the audience.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.syncJobs.preview(
        ctx.caller,
        decodeId(String(args.audienceId), 'Audience', ['audienceId']),
      ),
  }),
);
