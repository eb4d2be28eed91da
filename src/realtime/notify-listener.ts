import pg from 'pg';

export interface NotifyListenerOptions {
  /** First reconnect delay; doubles per failed attempt up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often the idle connection is probed, so a half-open socket is noticed. */
  healthCheckMs?: number;
  onNotification(channel: string, payload: string): void;
  /** Called after a lost connection is back; `downSince` is when it was lost. */
  onReconnect(downSince: Date): void;
}

/** application_name of the LISTEN connection, so operators (and tests) can find it. */
export const LISTEN_APPLICATION_NAME = 'audience-sync-listen';

/**
 * The one LISTEN connection of a process. It lives outside the pool (a pooled client would be
 * handed back and lose its LISTENs), reconnects with capped exponential backoff and jitter,
 * and reports each reconnect so that subscribers can read back what they missed.
 */
export class PgNotifyListener {
  private client: pg.Client | null = null;
  private attempt = 0;
  private downSince: Date | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly url: string,
    private readonly channels: readonly string[],
    private readonly options: NotifyListenerOptions,
  ) {
    this.minBackoffMs = options.minBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
  }

  /** Connects and LISTENs; rejects when the first connection fails. */
  async start(): Promise<void> {
    this.client = await this.connect();
    const every = this.options.healthCheckMs ?? 10_000;
    this.healthTimer = setInterval(() => this.probe(), every);
    this.healthTimer.unref();
  }

  get connected(): boolean {
    return this.client !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.healthTimer) clearInterval(this.healthTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.url,
      keepAlive: true,
      application_name: LISTEN_APPLICATION_NAME,
    });
    client.on('notification', (message) => {
      if (message.payload !== undefined) {
        this.options.onNotification(message.channel, message.payload);
      }
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.channels) {
        await client.query(`listen ${client.escapeIdentifier(channel)}`);
      }
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    return client;
  }

  private lost(client: pg.Client) {
    if (client !== this.client || this.stopped) return;
    this.client = null;
    this.downSince ??= new Date();
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect() {
    const ceiling = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** this.attempt);
    // Full jitter in the upper half: processes that lost the database together do not return
    // in lockstep, and no delay collapses to zero.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt++;
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      if (this.stopped) return;
      try {
        const client = await this.connect();
        if (this.stopped) {
          await client.end().catch(() => {});
          return;
        }
        this.client = client;
        this.attempt = 0;
        const since = this.downSince ?? new Date();
        this.downSince = null;
        this.options.onReconnect(since);
      } catch {
        this.scheduleReconnect();
      }
    }, delay);
    this.reconnectTimer.unref();
  }

  private probe() {
    const client = this.client;
    if (!client) return;
    const timeout = setTimeout(() => this.lost(client), 5_000);
    client
      .query('select 1')
      .catch(() => this.lost(client))
      .finally(() => clearTimeout(timeout));
  }
}
