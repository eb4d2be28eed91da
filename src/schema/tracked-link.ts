import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId } from './ids.js';

const CreateTrackedLinkInput = builder.inputType('CreateTrackedLinkInput', {
  description: 'A tracked email link: who it is for and where it leads.',
  fields: (t) => ({
    leadId: t.id({ required: true, description: 'The lead the email goes to.' }),
    url: t.string({
      required: true,
      description:
        'Where the link leads: an absolute http(s) address (at most 2,048 characters), a page with the cookie-sync script.',
    }),
  }),
});

const CreateTrackedLinkSuccess = builder
  .objectRef<{ trackedUrl: string }>('CreateTrackedLinkSuccess')
  .implement({
    description: 'The link to put in the email.',
    fields: (t) => ({
      trackedUrl: t.exposeString('trackedUrl', {
        description:
          'An address on PUBLIC_URL under /t/ that redirects to the url with `mkt_tok` added; signed, so it cannot be altered or pointed elsewhere.',
      }),
    }),
  });

builder.mutationField('createTrackedLink', (t) =>
  t.field({
    type: CreateTrackedLinkSuccess,
    description:
      "A signed link for one lead and one destination: a click lands on the page with `mkt_tok`, and the page's cookie-sync script ties the visitor's Munchkin cookie to the lead (EMAIL_CLICK).",
    args: {
      input: t.arg({ type: CreateTrackedLinkInput, required: true, description: 'The link.' }),
    },
    authScopes: { write: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: (_root, { input }, ctx) =>
      ctx.services.trackedLinks.create(ctx.caller, {
        leadId: decodeId(String(input.leadId), 'Lead', ['input', 'leadId']),
        url: input.url,
      }),
  }),
);
