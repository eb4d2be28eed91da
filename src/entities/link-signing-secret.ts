import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { createdAt } from './timestamps.js';
import { Workspace } from './workspace.js';

/** The HMAC key that signs a workspace's tracked email links; created on first use. */
export const LinkSigningSecret = defineEntity({
  name: 'LinkSigningSecret',
  properties: {
    workspace: () => p.oneToOne(Workspace).ref().primary().deleteRule('cascade'),
    secret: p.blob(),
    createdAt: createdAt(),
  },
});
export type ILinkSigningSecret = InferEntity<typeof LinkSigningSecret>;
