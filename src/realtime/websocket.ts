import type { Server } from 'node:http';
import type { ExecutionArgs, execute, subscribe } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { App } from '../app.js';
import { callerFromAuthorization } from '../auth/context.js';
import type { Caller } from '../auth/tokens.js';

type EnvelopedRunners = {
  execute: (args: ExecutionArgs) => ReturnType<typeof execute>;
  subscribe: (args: ExecutionArgs) => ReturnType<typeof subscribe>;
};

/**
 * Serves graphql-ws on the same path as HTTP GraphQL. The token is checked once, at
 * connection: no or bad token closes with 4403 Forbidden. Operations then run through yoga's
 * envelop (the same plugins and context factory as HTTP) with the authenticated caller.
 */
export function attachGraphqlWs(
  app: App,
  server: Server,
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>,
) {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const callers = new WeakMap<object, Caller>();
  const disposable = useServer(
    {
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        const caller = await callerFromAuthorization(
          app,
          typeof authorization === 'string' ? authorization : null,
        );
        if (!caller) return false;
        callers.set(ctx.extra, caller);
        return true;
      },
      // yoga's envelop execute/subscribe travel in rootValue (set in onSubscribe below).
      execute: (args) => (args.rootValue as EnvelopedRunners).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRunners).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const caller = callers.get(ctx.extra);
        if (!caller) {
          ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden');
          return [];
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          caller,
        });
        const args = {
          schema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    wss,
  );
  return {
    wss,
    async close() {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
