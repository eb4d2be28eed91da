// Imports every type file for its side effects, then builds the schema twice: the one served,
// and the same without scope checks for compiled queries.
import { type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import { encodeGlobalID } from '../domain/global-ids.js';
import { builder } from './builder.js';
import './errors.js';
import './workspace.js';
import './audience-folder.js';
import './audience.js';
import './list.js';
import './lead.js';
import './sync-stats.js';
import './sync-run.js';
import './sync-progress.js';
import './sync-job.js';
import './membership-change.js';
import './webhook.js';
import './match.js';
import './identity.js';
import './publishable-key.js';
import './api-token.js';
import './tracked-link.js';
import './audience-manager.js';
import './marketo.js';
import './marketo-mirror.js';
import './subscriptions.js';

/**
 * Resolves the `id` of every Node type without a promise when its id is at hand. The relay
 * plugin resolves each `id` through an async function (awaiting the type's id resolver, then
 * encoding), so every id of a page cost promises and graphql-jit's handling of them: the
 * largest single share (about 14 %) of what a dashboard page allocated. The same id, encoded
 * the same way (the builder's relay encodeGlobalID, from the type's own id resolver).
 */
function resolveNodeIdsSynchronously(built: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(built.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const options = type.extensions as {
      pothosOptions?: { id?: { resolve?: GraphQLFieldResolver<unknown, unknown> } };
    };
    const idOf = options.pothosOptions?.id?.resolve;
    const field = type.getFields().id;
    if (!idOf || !field) continue;
    const encode = (id: unknown) => encodeGlobalID(type.name, String(id));
    field.resolve = (parent, args, context, info) => {
      const id = idOf(parent, args, context, info);
      return typeof (id as Promise<unknown> | null)?.then === 'function'
        ? (id as Promise<unknown>).then(encode)
        : encode(id);
    };
  }
  return built;
}

/**
 * The schema served. Its `id` resolvers stay the plugins' own: scope-auth wraps every field of
 * a type with type-level scopes (an ApiToken's `id` included), and replacing the resolver
 * would drop that check.
 */
export const schema = builder.toSchema({ sortSchema: true });

/**
 * The same schema without its scope checks, for queries whose caller holds every scope those
 * checks could ask for (src/schema/compiled-queries.ts): there every check passes, and running
 * them cost about a quarter of a dashboard page's CPU. Never served on its own. Only here are
 * the ids resolved without a promise, since there is no check for a replaced resolver to drop.
 */
export const schemaWithoutScopeChecks = resolveNodeIdsSynchronously(
  builder.toSchema({ sortSchema: true, disableScopeAuth: true }),
);
