import type { Server } from 'node:http';
import {
  type ExecutionArgs,
  type execute,
  GraphQLError,
  getOperationAST,
  type subscribe,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Caller } from '../auth/tokens.js';
import { LimitError } from '../domain/errors.js';
import {
  type FanOutMember,
  fanOutKey,
  replaysHistory,
  type SharedSource,
} from '../realtime/fanout.js';
import { DEFAULT_REALTIME_LIMITS } from '../realtime/realtime.js';
import { SHARED_EXECUTION_TOKEN } from '../realtime/token-watch.js';
import { toGraphQLError } from '../schema/errors.js';
import { callerFromAuthorization } from './context.js';
import type { EdgeDeps } from './deps.js';

type EnvelopedRunners = {
  execute: (args: ExecutionArgs) => ReturnType<typeof execute>;
  subscribe: (args: ExecutionArgs) => ReturnType<typeof subscribe>;
  /** Set on a subscription that joins or starts a shared execution (src/realtime/fanout.ts). */
  shared?: { key: string; replays: boolean; member: FanOutMember; start: SharedSource };
};

/** WebSocket close code for a token over its connection cap (RFC 6455 policy violation). */
export const CLOSE_POLICY_VIOLATION = 1008;

/**
 * Raises the largest message one socket accepts. ws takes `maxPayload` per server and checks
 * it in its receiver as each frame header is read, so an oversized frame is refused (close
 * 1009) before any of its payload is buffered. The server is created with the small
 * before-init limit, and an authenticated socket gets the larger one here, on its receiver.
 * `_receiver._maxPayload` is ws 8's internal field for that check; if a ws upgrade renames it,
 * this throws (the connection fails with 4500) rather than leave clients silently capped.
 */
export function raiseMessageLimit(socket: WebSocket, bytes: number): void {
  const receiver = (socket as unknown as { _receiver?: { _maxPayload?: unknown } })._receiver;
  if (!receiver || typeof receiver._maxPayload !== 'number') {
    throw new Error('ws has no receiver._maxPayload: cannot raise the WebSocket message limit');
  }
  receiver._maxPayload = bytes;
}

/**
 * ws answers a client's protocol violation (an oversized message among them) by closing the
 * socket with the fitting code (1009, 1002, ...) and then emitting 'error' on it; graphql-ws
 * logs every socket error with its stack as an internal failure. These are the peer's doing,
 * already answered, and any anonymous client could fill the log with them: they are dropped
 * before graphql-ws sees them. Other errors pass through.
 */
function quietClientProtocolErrors(socket: WebSocket): void {
  const emit = socket.emit.bind(socket);
  socket.emit = (event: string | symbol, ...args: unknown[]) => {
    const code = (args[0] as { code?: unknown } | undefined)?.code;
    if (event === 'error' && typeof code === 'string' && code.startsWith('WS_ERR_')) return true;
    return emit(event, ...args);
  };
}

interface Connection {
  caller: Caller;
  /** Releases the connection slot and stops watching the token. */
  release(): void;
}

/**
 * Serves graphql-ws on the same path as HTTP GraphQL. The token is checked at connection: no
 * or bad token closes with 4403 Forbidden, and a token revoked later closes its connections
 * with 4403 within the token check interval. Operations run through yoga's envelop (the same
 * plugins and context factory as HTTP) with the authenticated caller. Limits: connections per
 * token (close 1008), operations per connection (an error for the extra operation),
 * protocol-level pings that drop clients which stop answering, and message sizes (close 1009
 * Message Too Big): `wsMessageBytesBeforeInit` until the connection is authenticated,
 * `wsMessageBytes` after. permessage-deflate stays off (ws's default), so a frame's size on
 * the wire is the size of the message it carries.
 *
 * Subscriptions of the same operation, variables, workspace and scopes share one execution
 * (src/realtime/fanout.ts): each event is executed and serialised once and its frame written
 * to every subscriber's socket, so delivering an event costs one execution, not one per
 * subscriber. Queries and mutations sent over the socket run on their own.
 */
export function attachGraphqlWs(
  deps: EdgeDeps,
  server: Server,
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>,
) {
  const limits = deps.realtime?.limits ?? DEFAULT_REALTIME_LIMITS;
  const wss = new WebSocketServer({
    server,
    path: yoga.graphqlEndpoint,
    maxPayload: limits.wsMessageBytesBeforeInit,
    perMessageDeflate: false,
  });
  wss.on('connection', quietClientProtocolErrors);
  const connections = new WeakMap<object, Connection>();
  const disposable = useServer(
    {
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        const caller = await callerFromAuthorization(
          deps,
          typeof authorization === 'string' ? authorization : null,
        );
        if (!caller) return false;
        const socket = ctx.extra.socket;
        const rt = deps.realtime;
        const releaseSlot = rt ? rt.connections.acquire(caller.tokenId) : () => {};
        if (!releaseSlot) {
          socket.close(
            CLOSE_POLICY_VIOLATION,
            `Too many connections for this token (at most ${limits.connectionsPerToken})`,
          );
          return false;
        }
        const unwatch =
          rt?.tokens.watch(caller.tokenId, () =>
            socket.close(CloseCode.Forbidden, 'Token revoked'),
          ) ?? (() => {});
        connections.set(ctx.extra, {
          caller,
          release: () => {
            releaseSlot();
            unwatch();
          },
        });
        // Before the ack goes out, so the client's first subscribe already gets the larger limit.
        raiseMessageLimit(socket, limits.wsMessageBytes);
        return true;
      },
      onClose: (ctx) => {
        connections.get(ctx.extra)?.release();
        connections.delete(ctx.extra);
      },
      // yoga's envelop execute/subscribe travel in rootValue (set in onSubscribe below).
      execute: (args) => (args.rootValue as EnvelopedRunners).execute(args),
      subscribe: (args) => {
        const runners = args.rootValue as EnvelopedRunners;
        const fanOut = deps.realtime?.fanOut;
        if (!runners.shared || !fanOut) return runners.subscribe(args);
        const { key, replays, member, start } = runners.shared;
        return fanOut.join(key, replays, member, start);
      },
      onSubscribe: async (ctx, id, params) => {
        const connection = connections.get(ctx.extra);
        if (!connection) {
          ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden');
          return [];
        }
        // The operation being subscribed is already registered in ctx.subscriptions.
        if (Object.keys(ctx.subscriptions).length > limits.subscriptionsPerConnection) {
          return [
            toGraphQLError(
              new LimitError(
                'TOO_MANY_SUBSCRIPTIONS',
                `Too many operations on this connection (at most ${limits.subscriptionsPerConnection})`,
              ),
            ),
          ];
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          caller: connection.caller,
        });
        let document: ReturnType<typeof parse>;
        try {
          document = parse(params.query);
        } catch (error) {
          // A syntax error answers this operation; it must not close the connection.
          return [error instanceof GraphQLError ? error : new GraphQLError('Invalid query')];
        }
        const runners: EnvelopedRunners = { execute, subscribe };
        const args = {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: runners,
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        const rt = deps.realtime;
        if (rt && getOperationAST(document, params.operationName)?.operation === 'subscription') {
          const { caller } = connection;
          runners.shared = {
            key: fanOutKey({
              workspaceId: caller.workspaceId,
              scopes: caller.scopes,
              query: params.query,
              operationName: params.operationName,
              variables: params.variables,
            }),
            replays: replaysHistory(document, params.operationName, params.variables),
            member: {
              socket: ctx.extra.socket,
              id,
              executeOwn: (error) => execute({ ...args, rootValue: error }) as never,
              watchToken: (onRevoked) => rt.tokens.watch(caller.tokenId, onRevoked),
            },
            // The shared execution runs in a context of its own, with the workspace and
            // scopes of the key and no token (each subscriber's token is watched for it), so
            // it outlives whichever subscriber started it. `socket` marks it as served over
            // graphql-ws: the subscribers' connections hold the token slots.
            start: async () => {
              const shared = yoga.getEnveloped({
                params,
                socket: null,
                caller: {
                  workspaceId: caller.workspaceId,
                  tokenId: SHARED_EXECUTION_TOKEN,
                  scopes: caller.scopes,
                },
              });
              return (await shared.subscribe({
                schema: shared.schema,
                operationName: params.operationName,
                document,
                variableValues: params.variables,
                contextValue: await shared.contextFactory(),
              })) as never;
            },
          };
        }
        return args;
      },
    },
    wss,
    limits.keepAliveMs,
  );
  return {
    wss,
    async close() {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
