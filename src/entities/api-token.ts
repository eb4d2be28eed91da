import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { createdAt } from './timestamps.js';
import { Workspace } from './workspace.js';

/** A bearer token. Only its SHA-256 hash is stored; the token itself is shown once. */
export const ApiToken = defineEntity({
  name: 'ApiToken',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspace: () => p.manyToOne(Workspace).ref().deleteRule('cascade'),
    tokenHash: p.string().length(64).unique(),
    scopes: p.array(),
    /** What the token is for; `ApiToken.description` in GraphQL. */
    label: p.string().length(255).nullable(),
    createdAt: createdAt(),
    revokedAt: p.datetime().nullable(),
    /** When the token last authenticated a request, to the minute (src/auth/tokens.ts). */
    lastUsedAt: p.datetime().nullable(),
  },
});
export type IApiToken = InferEntity<typeof ApiToken>;
