import type { MatchExplanation } from '../sync/explain.js';
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
      reason: t.field({
        type: MatchReasonEnum,
        description: 'The outcome, by the matching rule.',
        resolve: (explanation) => explanation.reason,
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
