import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const PREFIX = 'audience_sync_';

/** Seconds; HTTP requests and GraphQL operations mostly end well under one. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds; an incremental run takes a fraction of one, a full run of a large audience minutes. */
const RUN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** Sync run jobs in the queue, by state (see `queueJobs`). */
export type QueueDepth = Record<'ready' | 'scheduled' | 'running', number>;

/** What a scrape reads from the rest of the process, set once those parts exist. */
interface Sources {
  /** Open WebSockets plus SSE streams (api role). */
  connections?: () => number;
  /** Reads the sync queue's depth (src/sync/queue.ts runJobCounts); rejects when it cannot. */
  queueDepth?: () => Promise<QueueDepth>;
}

/**
 * The Prometheus metrics of one process, in a registry of its own (so that two apps in one
 * process, as in the tests, count apart). Served as text on `/metrics`.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly sources: Sources = {};

  readonly httpRequests = new Counter({
    name: `${PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Time from an HTTP request to the end of its answer, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlOperations = new Counter({
    name: `${PREFIX}graphql_operations_total`,
    help: 'GraphQL operations executed (any transport), by type and outcome (ok, error)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly activeSubscriptions = new Gauge({
    name: `${PREFIX}graphql_active_subscriptions`,
    help: 'GraphQL subscriptions streaming right now (WebSocket and SSE)',
    registers: [this.registry],
  });

  readonly activeConnections: Gauge;

  readonly syncRuns = new Counter({
    name: `${PREFIX}sync_runs_total`,
    help: 'Sync run attempts ended, by trigger and outcome (SUCCEEDED, FAILED, CANCELLED, RETRYING, DELETED)',
    labelNames: ['trigger', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly syncRunDuration = new Histogram({
    name: `${PREFIX}sync_run_duration_seconds`,
    help: 'Duration of sync run attempts, by trigger and outcome',
    labelNames: ['trigger', 'outcome'] as const,
    buckets: RUN_BUCKETS,
    registers: [this.registry],
  });

  readonly ingestedRows = new Counter({
    name: `${PREFIX}ingested_rows_total`,
    help: 'Rows of bulk uploads and statements of Adobe-native ones (rejected: lines, profiles, users or statements), by endpoint and result (accepted, duplicate, rejected)',
    labelNames: ['endpoint', 'result'] as const,
    registers: [this.registry],
  });

  readonly queueJobs: Gauge<'state'>;

  readonly marketoCalls = new Counter({
    name: `${PREFIX}marketo_calls_total`,
    help: "Marketo HTTP exchanges (identity included), by endpoint, outcome (ok, retry, wait, quota, auth, reauth, fail, unreachable) and Marketo's code (none on success)",
    labelNames: ['endpoint', 'outcome', 'code'] as const,
    registers: [this.registry],
  });

  readonly marketoLimitAnswers = new Counter({
    name: `${PREFIX}marketo_limit_answers_total`,
    help: 'Marketo answers that said a limit was reached, by code: 606 (rate), 615 (concurrency), 607 (daily quota)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly marketoPushes = new Counter({
    name: `${PREFIX}marketo_pushes_total`,
    help: 'Pushes of lists into Marketo ended, by trigger and status (SUCCEEDED, PARTIAL, FAILED, INTERRUPTED)',
    labelNames: ['trigger', 'status'] as const,
    registers: [this.registry],
  });

  readonly marketoPushDuration = new Histogram({
    name: `${PREFIX}marketo_push_duration_seconds`,
    help: 'Duration of pushes of lists into Marketo, by trigger and status',
    labelNames: ['trigger', 'status'] as const,
    buckets: RUN_BUCKETS,
    registers: [this.registry],
  });

  readonly listenReconnects = new Counter({
    name: `${PREFIX}listen_reconnects_total`,
    help: 'Times the LISTEN connection of this process (subscriptions, sync wakeups) was lost and made again',
    registers: [this.registry],
  });

  constructor() {
    const sources = this.sources;
    this.activeConnections = new Gauge({
      name: `${PREFIX}realtime_active_connections`,
      help: 'Open graphql-ws WebSockets plus SSE streams',
      registers: [this.registry],
      collect() {
        this.set(sources.connections?.() ?? 0);
      },
    });
    this.queueJobs = new Gauge({
      name: `${PREFIX}queue_jobs`,
      help: 'Sync run jobs in the queue, by state (ready, scheduled: waiting for a debounce, running)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        if (!sources.queueDepth) return;
        // A database that does not answer keeps the last values; the rest of the scrape goes on.
        const depth = await sources.queueDepth().catch(() => null);
        if (!depth) return;
        for (const state of ['ready', 'scheduled', 'running'] as const) {
          this.set({ state }, depth[state]);
        }
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  /** Where a scrape reads the queue depth and the open connections. */
  observe(sources: Sources): void {
    Object.assign(this.sources, sources);
  }

  /** The Prometheus text exposition of every metric. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
