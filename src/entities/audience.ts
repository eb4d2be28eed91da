import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AudienceFolder } from './audience-folder.js';
import { createdAt, updatedAt } from './timestamps.js';
import { Workspace } from './workspace.js';

/** Where an audience came from: the API (mutations, uploads) or an Adobe-native input. */
export const AUDIENCE_SOURCES = ['API', 'EXPERIENCE_PLATFORM', 'AUDIENCE_MANAGER'] as const;
export type AudienceSource = (typeof AUDIENCE_SOURCES)[number];

/** An Experience Cloud audience; its ECIDs live in audience_member. */
export const Audience = defineEntity({
  name: 'Audience',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspace: () => p.manyToOne(Workspace).ref().deleteRule('cascade'),
    folder: () => p.manyToOne(AudienceFolder).ref().deleteRule('cascade'),
    externalId: p.string().length(255),
    name: p.string().length(255),
    description: p.text().nullable(),
    source: p.enum([...AUDIENCE_SOURCES]).default('API'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  indexes: [{ properties: ['workspace', 'folder'] }],
  uniques: [{ properties: ['workspace', 'externalId'] }],
});
export type IAudience = InferEntity<typeof Audience>;
