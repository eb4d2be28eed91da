import { type HeldSet, MAX_HELD_SETS } from '../ingest/aam-full-sets.js';
import { builder } from './builder.js';
import { LIST_BOUNDS, listOf } from './cost.js';
import { ExperienceCloudIntegrationRef } from './workspace.js';

const AudienceManagerHeldPartRef = builder
  .objectRef<HeldSet['parts'][number]>('AudienceManagerHeldPart')
  .implement({
    description: 'A data file of an Audience Manager full set, received and held.',
    fields: (t) => ({
      fileName: t.exposeString('fileName', { description: 'The file name (without `.gz`).' }),
      lineCount: t.exposeInt('lineCount', { description: 'Lines the file held.' }),
      receivedAt: t.expose('receivedAt', { type: 'DateTime', description: 'When it arrived.' }),
    }),
  });

const AudienceManagerHeldSetRef = builder.objectRef<HeldSet>('AudienceManagerHeldSet').implement({
  description:
    'An Audience Manager full set waiting for the rest of its parts or for its control file (`.info`); it applies when they match, and is dropped at `expiresAt` if they never do.',
  fields: (t) => ({
    name: t.exposeString('setName', {
      description:
        'The set: its file names up to the timestamp (`S3_1234_20914_full_1486140844000`).',
    }),
    destinationId: t.exposeString('destinationId', {
      description: 'The Audience Manager destination id (DID) the set replaces the audiences of.',
    }),
    timestamp: t.expose('timestamp', {
      type: 'DateTime',
      description: "The set's time, from its file names (its qualification time).",
    }),
    receivedAt: t.expose('receivedAt', {
      type: 'DateTime',
      description: 'When its first file arrived.',
    }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      description:
        'When it is dropped if still incomplete (AAM_FULL_SET_EXPIRY_MS after receivedAt).',
    }),
    controlFileReceived: t.exposeBoolean('controlFileReceived', {
      description: 'Whether its control file arrived (and matched the parts held so far).',
    }),
    expectedParts: t.exposeInt('expectedParts', {
      nullable: true,
      description: 'How many parts the control file lists; null until it arrives.',
    }),
    parts: t.expose('parts', {
      type: [AudienceManagerHeldPartRef],
      description: 'The parts received so far, by file name.',
      extensions: listOf(LIST_BOUNDS.heldParts),
    }),
  }),
});

builder.objectField(ExperienceCloudIntegrationRef, 'heldAudienceManagerSets', (t) =>
  t.field({
    type: [AudienceManagerHeldSetRef],
    description:
      'Audience Manager full sets received in part and not applied yet (oldest first), so that a user can see what is pending.',
    extensions: listOf(MAX_HELD_SETS),
    resolve: (_integration, _args, ctx) => ctx.services.adobeInputs.heldFullSets(ctx.caller),
  }),
);
