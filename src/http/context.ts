import type { IncomingMessage } from 'node:http';
import { createGraphQLError } from 'graphql-yoga';
import { bearerToken, type Caller, type Scope } from '../auth/tokens.js';
import { DatabaseUnavailableError } from '../db/unavailable.js';
import { noteWorkspace } from '../observability/http.js';
import type { Realtime } from '../realtime/realtime.js';
import type { Services } from '../services/index.js';
import type { EdgeDeps } from './deps.js';
import { HttpError, type Refusal, refusalOf } from './errors.js';

/**
 * What every resolver sees: the caller and the services, nothing else; and for the
 * subscriptions' streams, the live delivery of a process that serves them.
 */
export interface Context {
  caller: Caller;
  services: Services;
  realtime: Realtime | null;
}

/** No valid bearer token: 401 with `WWW-Authenticate: Bearer`, on every route and GraphQL. */
export function missingToken(): HttpError {
  return new HttpError('UNAUTHENTICATED', 'A valid bearer token is required', {
    'www-authenticate': 'Bearer',
  });
}

/** A refusal as a GraphQL error that yoga answers with the refusal's status and headers. */
function graphqlRefusal({ status, code, message, headers }: Refusal): Error {
  return createGraphQLError(message, { extensions: { code, http: { status, headers } } });
}

/** Thrown from the context factory: yoga answers HTTP 401 with this error. */
export function unauthenticated(): Error {
  return graphqlRefusal(refusalOf(missingToken()) as Refusal);
}

/** What GraphQL clients get when the database does not answer in time: HTTP 503. */
export function serviceUnavailable(): Error {
  return graphqlRefusal(refusalOf(new DatabaseUnavailableError()) as Refusal);
}

/** Resolves the caller of an Authorization value, or null. */
export async function callerFromAuthorization(
  deps: Pick<EdgeDeps, 'services'>,
  authorization: string | null | undefined,
): Promise<Caller | null> {
  const token = bearerToken(authorization);
  if (!token) return null;
  return deps.services.workspaces.authenticate(token);
}

/**
 * The one bearer-and-scope check of the HTTP routes: the caller of the request's
 * Authorization header, which must hold `scope`. Throws HttpError UNAUTHENTICATED (no or bad
 * token) or FORBIDDEN (`forbidden` says what needs the scope). The request's log line names
 * the caller's workspace from here on.
 */
export async function authorizedCaller(
  deps: Pick<EdgeDeps, 'services'>,
  req: IncomingMessage,
  scope: Scope,
  forbidden: string,
): Promise<Caller> {
  const caller = await callerFromAuthorization(deps, req.headers.authorization);
  if (!caller) throw missingToken();
  noteWorkspace(req, caller.workspaceId);
  if (!caller.scopes.has(scope)) throw new HttpError('FORBIDDEN', forbidden);
  return caller;
}

const requestCallers = new WeakMap<Request, Promise<Caller | null>>();

/**
 * The caller of an HTTP request's Authorization header, looked up once per request: the
 * response cache (which answers before the context exists) and the context factory share it.
 */
export function callerOfRequest(deps: EdgeDeps, request: Request): Promise<Caller | null> {
  let caller = requestCallers.get(request);
  if (!caller) {
    caller = callerFromAuthorization(deps, request.headers.get('authorization'));
    requestCallers.set(request, caller);
  }
  return caller;
}

/**
 * The one context factory for HTTP, SSE and graphql-ws. On WebSockets the caller was already
 * authenticated at connection time (src/http/websocket.ts) and is passed in `caller`. Scopes
 * are checked per field and mutation, not here.
 */
export function makeContextFactory(deps: EdgeDeps) {
  return async (initial: {
    request?: Request;
    /** The Node request, on HTTP (yoga's server context). */
    req?: IncomingMessage;
    caller?: Caller;
    connectionParams?: Record<string, unknown>;
  }): Promise<Context> => {
    let caller = initial.caller ?? null;
    if (!caller) {
      const fromParams = initial.connectionParams?.authorization;
      // A database that does not answer fails this with pg's error; error masking
      // (src/http/server.ts) turns it into 503 SERVICE_UNAVAILABLE.
      caller =
        typeof fromParams === 'string'
          ? await callerFromAuthorization(deps, fromParams)
          : initial.request
            ? await callerOfRequest(deps, initial.request)
            : null;
    }
    if (!caller) throw unauthenticated();
    noteWorkspace(initial.req, caller.workspaceId);
    return { caller, services: deps.services, realtime: deps.realtime };
  };
}
