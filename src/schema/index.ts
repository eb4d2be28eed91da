// Imports every type file for its side effects, then builds the schema twice: the one served,
// and the same without scope checks for compiled queries.
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

export const schema = builder.toSchema({ sortSchema: true });

/**
 * The same schema without its scope checks, for queries whose caller holds every scope those
 * checks could ask for (src/schema/compiled-queries.ts): there every check passes, and running
 * them cost about a quarter of a dashboard page's CPU. Never served on its own.
 */
export const schemaWithoutScopeChecks = builder.toSchema({
  sortSchema: true,
  disableScopeAuth: true,
});
