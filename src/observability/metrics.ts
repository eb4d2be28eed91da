import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const PREFIX = 'audience_sync_';

/** Seconds; HTTP requests and GraphQL operations mostly end well under one. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds; an incremental run takes a fraction of one, a full run of a large audience minutes. */
const RUN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * Sync run jobs in the queue, by state (see `queueJobs`), with the seconds the oldest ready
 * one has waited since it fell due and the seconds since the oldest RUNNING run started (0
 * when there is none).
 */
export type QueueDepth = Record<'ready' | 'scheduled' | 'running', number> & {
  oldestReadySeconds: number;
  oldestRunningSeconds: number;
};

/** What a gauge reads of a pg pool (pg.Pool has these). */
export interface PoolUse {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options: { max?: number };
}

/** What a scrape reads from the rest of the process, set once those parts exist. */
interface Sources {
  /** Open WebSockets plus SSE streams (api role). */
  connections?: () => number;
  /** Reads the sync queue's depth (src/sync/queue.ts runJobCounts); rejects when it cannot. */
  queueDepth?: () => Promise<QueueDepth>;
}

/**
 * Label values: a value the API or the log lines spell as an enum keeps that spelling (a run's
 * `trigger` and `outcome`, a push's `status`, a delivery's `outcome`: upper case, as in
 * GraphQL and the `sync run` line); HTTP methods are as HTTP spells them; every value the
 * metrics name themselves (`ok`, `error`, `ready`, `accepted`, pool names, routes) is lower case.
 */

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

  readonly webhookDeliveries = new Counter({
    name: `${PREFIX}webhook_deliveries_total`,
    help: 'Webhook delivery attempts recorded, by outcome (DELIVERED; RETRYING: failed, another attempt follows; FAILED: the last attempt failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly poolConnections: Gauge<'pool' | 'state'>;
  readonly poolMax: Gauge<'pool'>;
  readonly poolWaiting: Gauge<'pool'>;
  readonly queueOldestReady: Gauge;
  readonly oldestRunningRun: Gauge;

  readonly listenReconnects = new Counter({
    name: `${PREFIX}listen_reconnects_total`,
    help: 'Times the LISTEN connection of this process (subscriptions, sync wakeups) was lost and made again',
    registers: [this.registry],
  });

  constructor() {
    const sources = this.sources;
    const metrics = this;
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
        // A database that does not answer keeps the last values; the rest of the scrape goes on.
        const depth = await metrics.readQueueDepth();
        if (!depth) return;
        for (const state of ['ready', 'scheduled', 'running'] as const) {
          this.set({ state }, depth[state]);
        }
      },
    });
    const pools = this.pools;
    this.poolConnections = new Gauge({
      name: `${PREFIX}db_pool_connections`,
      help: 'Connections of each database pool of this process (request, upload, export, run, queue), by state (idle, busy)',
      labelNames: ['pool', 'state'] as const,
      registers: [this.registry],
      collect() {
        for (const [pool, use] of pools) {
          this.set({ pool, state: 'idle' }, use.idleCount);
          this.set({ pool, state: 'busy' }, use.totalCount - use.idleCount);
        }
      },
    });
    this.poolMax = new Gauge({
      name: `${PREFIX}db_pool_max_connections`,
      help: 'Most connections each database pool of this process may open',
      labelNames: ['pool'] as const,
      registers: [this.registry],
      collect() {
        for (const [pool, use] of pools) this.set({ pool }, use.options.max ?? 10);
      },
    });
    this.poolWaiting = new Gauge({
      name: `${PREFIX}db_pool_waiting_requests`,
      help: 'Requests for a connection waiting because each database pool is at its maximum',
      labelNames: ['pool'] as const,
      registers: [this.registry],
      collect() {
        for (const [pool, use] of pools) this.set({ pool }, use.waitingCount);
      },
    });
    // The same read as queue_jobs: one query per scrape for the three.
    this.queueOldestReady = new Gauge({
      name: `${PREFIX}queue_oldest_ready_age_seconds`,
      help: 'Seconds the oldest sync run job ready to run has waited since it fell due (0: none waiting)',
      registers: [this.registry],
      async collect() {
        const depth = await metrics.readQueueDepth();
        if (depth) this.set(depth.oldestReadySeconds);
      },
    });
    this.oldestRunningRun = new Gauge({
      name: `${PREFIX}sync_oldest_running_run_age_seconds`,
      help: 'Seconds since the oldest RUNNING sync run (any worker) started its attempt (0: none running)',
      registers: [this.registry],
      async collect() {
        const depth = await metrics.readQueueDepth();
        if (depth) this.set(depth.oldestRunningSeconds);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    // The series the alert rules (ops/prometheus-alerts.yml) watch exist from the start at 0:
    // Prometheus sees no increase in a series whose first sample is already 1.
    for (const trigger of ['INITIAL', 'INCREMENTAL', 'SCHEDULED', 'MANUAL']) {
      for (const outcome of ['SUCCEEDED', 'FAILED', 'CANCELLED', 'RETRYING', 'DELETED']) {
        this.syncRuns.inc({ trigger, outcome }, 0);
      }
    }
    for (const outcome of ['DELIVERED', 'RETRYING', 'FAILED']) {
      this.webhookDeliveries.inc({ outcome }, 0);
    }
    for (const code of ['606', '615', '607']) this.marketoLimitAnswers.inc({ code }, 0);
  }

  private readonly pools = new Map<string, PoolUse>();
  private queueDepthRead: Promise<QueueDepth | null> | null = null;

  /**
   * The queue's depth for the scrape under way: prom-client collects every metric at once, so
   * the gauges that show parts of it share one read while it is in flight. Null when there is
   * no source or the database does not answer.
   */
  private readQueueDepth(): Promise<QueueDepth | null> {
    const source = this.sources.queueDepth;
    if (!source) return Promise.resolve(null);
    if (!this.queueDepthRead) {
      this.queueDepthRead = source()
        .catch(() => null)
        .finally(() => {
          this.queueDepthRead = null;
        });
    }
    return this.queueDepthRead;
  }

  /** Where a scrape reads the queue depth and the open connections. */
  observe(sources: Sources): void {
    Object.assign(this.sources, sources);
  }

  /** Database pools whose use the `db_pool_*` gauges report, by name. */
  observePools(pools: Record<string, PoolUse>): void {
    for (const [name, pool] of Object.entries(pools)) this.pools.set(name, pool);
  }

  /** The Prometheus text exposition of every metric. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
