import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Metrics } from '../observability/metrics.js';
import type { Realtime } from '../realtime/realtime.js';
import type { Services } from '../services/index.js';

/**
 * What the HTTP edge is built from: configuration, database (its readiness probe and the
 * GraphQL change signal), the services every route calls, live delivery (on processes that
 * serve subscriptions) and this process's metrics. The composition root (src/app.ts) passes
 * its own; nothing of the edge imports it.
 */
export interface EdgeDeps {
  readonly config: Config;
  readonly database: Database;
  readonly services: Services;
  /** Set on processes that serve subscriptions (ROLE all or api). */
  readonly realtime: Realtime | null;
  readonly metrics: Metrics;
}

/**
 * A plain HTTP route beside GraphQL, built with its EdgeDeps; answers false when it does not
 * handle the request.
 */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
