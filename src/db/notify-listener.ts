import pg from 'pg';

/** application_name of the LISTEN connection, so operators (and tests) can find it. */
export const LISTEN_APPLICATION_NAME = 'audience-sync-listen';

export interface NotifyListenerOptions {
  /** First reconnect delay; doubles per failed attempt up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often the idle connection is probed, so a half-open socket is noticed. */
  healthCheckMs?: number;
  /** Called after each reconnect (once per lost connection), before the subscribers hear of it. */
  onReconnect?(): void;
}

/** What one part of the process listens to, and how it hears of it. */
export interface NotifySubscriber {
  channels: readonly string[];
  onNotification(channel: string, payload: string): void;
  /**
   * Called after a lost connection is back; `downSince` is when it was lost. Notifications
   * sent meanwhile are gone: a subscriber reads back what it may have missed.
   */
  onReconnect?(downSince: Date): void;
}

/**
 * The LISTEN connection of a process, shared by everything in it that listens (live delivery
 * in api processes, the sync worker's wakeups). It lives outside the pools (a pooled client
 * would be handed back and lose its LISTENs), LISTENs to the channels of every subscriber,
 * reconnects with capped exponential backoff and jitter, probes the idle connection so a
 * half-open socket is noticed, and reports each reconnect so that subscribers can read back
 * what they missed.
 */
export class NotifyListener {
  private client: pg.Client | null = null;
  /** The channels each connection LISTENs to. */
  private readonly listened = new WeakMap<pg.Client, Set<string>>();
  private readonly subscribers = new Set<NotifySubscriber>();
  private attempt = 0;
  private downSince: Date | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly url: string,
    private readonly options: NotifyListenerOptions = {},
  ) {
    this.minBackoffMs = options.minBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
  }

  /** Connects and LISTENs to the channels subscribed so far; rejects when the connection fails. */
  async start(): Promise<void> {
    this.client = await this.connect();
    await this.catchUp(this.client);
    const every = this.options.healthCheckMs ?? 10_000;
    this.healthTimer = setInterval(() => this.probe(), every);
    this.healthTimer.unref();
  }

  /** Whether the connection is up right now (notifications are being heard). */
  get connected(): boolean {
    return this.client !== null;
  }

  /**
   * Adds a subscriber; resolves once its channels are LISTENed to on the current connection
   * (at once while the connection is down: the reconnect LISTENs to them). Returns the
   * function that removes it (its channels stay LISTENed to until the connection is made again).
   */
  async subscribe(subscriber: NotifySubscriber): Promise<() => void> {
    this.subscribers.add(subscriber);
    const client = this.client;
    if (client) await this.catchUp(client);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.healthTimer) clearInterval(this.healthTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  /** LISTENs on `client` to every subscribed channel it does not listen to yet. */
  private async listenOn(client: pg.Client): Promise<void> {
    let listened = this.listened.get(client);
    if (!listened) {
      listened = new Set();
      this.listened.set(client, listened);
    }
    for (const subscriber of [...this.subscribers]) {
      for (const channel of subscriber.channels) {
        if (listened.has(channel)) continue;
        listened.add(channel);
        await client.query(`listen ${client.escapeIdentifier(channel)}`);
      }
    }
  }

  /** LISTENs to the channels of subscribers added while `client` was connecting. */
  private async catchUp(client: pg.Client): Promise<void> {
    await this.listenOn(client).catch(() => this.lost(client));
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.url,
      keepAlive: true,
      application_name: LISTEN_APPLICATION_NAME,
    });
    client.on('notification', (message) => {
      if (message.payload === undefined) return;
      for (const subscriber of this.subscribers) {
        if (subscriber.channels.includes(message.channel)) {
          subscriber.onNotification(message.channel, message.payload);
        }
      }
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await this.listenOn(client);
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
        await this.catchUp(client);
        // Lost again while catching up: the next reconnect reports it.
        if (this.client !== client) return;
        const since = this.downSince ?? new Date();
        this.downSince = null;
        this.options.onReconnect?.();
        for (const subscriber of [...this.subscribers]) subscriber.onReconnect?.(since);
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
