import type { MatchExplanation } from '../sync/explain.js';
import { AudienceRef } from './audience.js';
import { builder } from './builder.js';
import { COST, costOf } from './cost.js';
import { decodeId } from './ids.js';
import { LeadRef } from './lead.js';
import { SyncStatsRef } from './sync-stats.js';

export const MatchReasonEnum = builder.enumType('MatchReason', {
  values: ['MATCHED', 'NOT_IN_AUDIENCE', 'NO_COOKIE_SYNC', 'ANONYMOUS_COOKIE'] as const,
});

/** Why an ECID does or does not bring leads into a sync of an audience. */
export const MatchExplanationRef = builder
  .objectRef<MatchExplanation>('MatchExplanation')
  .implement({
    // Not a Node, so the Node interface's read scope does not cover it.
    authScopes: { read: true },
    fields: (t) => ({
      ecid: t.exposeString('ecid'),
      inAudience: t.exposeBoolean('inAudience'),
      reason: t.field({ type: MatchReasonEnum, resolve: (explanation) => explanation.reason }),
      cookieIds: t.exposeStringList('cookieIds', {
        description: 'Munchkin cookies synced with the ECID.',
      }),
      leads: t.field({
        type: [LeadRef],
        description: 'Known leads those cookies are associated with.',
        resolve: (explanation) => explanation.leadIds,
      }),
    }),
  });

builder.objectField(AudienceRef, 'explainMatch', (t) =>
  t.field({
    type: MatchExplanationRef,
    extensions: costOf(COST.explainMatch),
    args: { ecid: t.arg.string({ required: true }) },
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
    args: { audienceId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.services.syncJobs.preview(
        ctx.caller,
        decodeId(String(args.audienceId), 'Audience', ['audienceId']),
      ),
  }),
);
