// Imports every type file for its side effects, then builds the schema. Nothing else lives here.
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
import './tracked-link.js';
import './audience-manager.js';
import './subscriptions.js';

export const schema = builder.toSchema({ sortSchema: true });
