import {
  MARKETO_PUSH_PROGRESS_CHANNEL,
  SYNC_JOB_CHANGED_CHANNEL,
  SYNC_PROGRESS_CHANNEL,
  TOKEN_REVOKED_CHANNEL,
  WORKSPACE_CHANGED_CHANNEL,
} from '../db/channels.js';
import type { Database } from '../db/database.js';
import type { NotifyListener } from '../db/notify-listener.js';
import { onIdentityChange } from '../sync/changes.js';
import { SubscriptionFanOut } from './fanout.js';
import { createSyncPubSub, PgEventTarget, type SyncPubSub } from './pubsub.js';
import { StoredProgressReader } from './stored-reader.js';
import { ConnectionLimiter, TokenWatch } from './token-watch.js';
import { ChangeSignals } from './workspace-changes.js';

export interface RealtimeLimits {
  /**
   * Undelivered live events one stream may hold before progress is coalesced; on a shared
   * graphql-ws execution, also the frames one subscriber may have unwritten on its socket.
   */
  subscriberBuffer: number;
  /** Concurrent operations on one graphql-ws connection. */
  subscriptionsPerConnection: number;
  /** Open graphql-ws connections plus SSE streams of one token, per process. */
  connectionsPerToken: number;
  /** graphql-ws ping interval; a client that misses a pong for as long is dropped. */
  keepAliveMs: number;
  /** How soon a revoked token's subscriptions end. */
  tokenCheckMs: number;
  /** Largest WebSocket message a client may send before its connection_init is accepted. */
  wsMessageBytesBeforeInit: number;
  /** Largest WebSocket message an authenticated client may send. */
  wsMessageBytes: number;
}

/**
 * Before authentication a client can only send connection_init, whose params hold a bearer
 * token: 64 KiB leaves plenty of room, and is the most an anonymous peer can make the server
 * buffer for one message.
 */
export const WS_MESSAGE_BYTES_BEFORE_INIT = 64 * 1024;
/**
 * After connection_init, subscribe messages carry a GraphQL operation: the same ceiling as an
 * HTTP GraphQL body (MAX_GRAPHQL_BODY_BYTES in src/http/server.ts), so no operation is accepted on
 * one transport and refused on the other.
 */
export const WS_MESSAGE_BYTES = 1_000_000;

export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = {
  subscriberBuffer: 1000,
  subscriptionsPerConnection: 50,
  connectionsPerToken: 20,
  keepAliveMs: 12_000,
  tokenCheckMs: 2_000,
  wsMessageBytesBeforeInit: WS_MESSAGE_BYTES_BEFORE_INIT,
  wsMessageBytes: WS_MESSAGE_BYTES,
};

/** Live delivery in an api process: the pubsub fed by LISTEN, catch-up reads, limits. */
export interface Realtime {
  pubSub: SyncPubSub;
  target: PgEventTarget;
  stored: StoredProgressReader;
  tokens: TokenWatch;
  connections: ConnectionLimiter;
  /** graphql-ws subscriptions of the same operation, variables and workspace share one execution. */
  fanOut: SubscriptionFanOut;
  limits: RealtimeLimits;
  database: Database;
  /** Changes and revocations this process hears of, for its response and token caches. */
  changes: ChangeSignals;
  /** Whether the LISTEN connection is up right now. */
  listening(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts live delivery on the process's LISTEN connection (`listener`, shared with the sync
 * worker when the process runs one): the pubsub subscriptions share, catch-up reads, limits.
 */
export async function startRealtime(
  database: Database,
  listener: NotifyListener,
  limits: Partial<RealtimeLimits> = {},
): Promise<Realtime> {
  const settings = { ...DEFAULT_REALTIME_LIMITS, ...limits };
  const target = new PgEventTarget();
  const listening = () => listener.connected;
  const changes = new ChangeSignals(listening);
  // A writer in this process knows of its change before its own notification comes back.
  const stopObserving = onIdentityChange((change) => changes.workspaceChanged(change.workspaceId));
  const unsubscribe = await listener.subscribe({
    channels: [
      SYNC_PROGRESS_CHANNEL,
      SYNC_JOB_CHANGED_CHANNEL,
      WORKSPACE_CHANGED_CHANNEL,
      TOKEN_REVOKED_CHANNEL,
      MARKETO_PUSH_PROGRESS_CHANNEL,
    ],
    onNotification: (channel, payload) => {
      // Caches first: a subscriber told of a change may read at once.
      changes.receive(channel, payload);
      if (
        channel === SYNC_PROGRESS_CHANNEL ||
        channel === SYNC_JOB_CHANGED_CHANNEL ||
        channel === MARKETO_PUSH_PROGRESS_CHANNEL
      ) {
        target.receive(channel, payload);
      }
    },
    onReconnect: (downSince) => {
      changes.reset();
      target.resync(downSince);
    },
  });
  const tokens = new TokenWatch(database.pool, settings.tokenCheckMs);
  tokens.start();
  return {
    pubSub: createSyncPubSub(target),
    target,
    stored: new StoredProgressReader(database.pool),
    tokens,
    connections: new ConnectionLimiter(settings.connectionsPerToken),
    fanOut: new SubscriptionFanOut(settings.subscriberBuffer),
    limits: settings,
    database,
    changes,
    listening,
    async stop() {
      stopObserving();
      tokens.stop();
      unsubscribe();
    },
  };
}
