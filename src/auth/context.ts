import type { IncomingMessage } from 'node:http';
import { createGraphQLError } from 'graphql-yoga';
import type { App } from '../app.js';
import { DatabaseUnavailableError } from '../db/unavailable.js';
import { noteWorkspace } from '../observability/http.js';
import type { Realtime } from '../realtime/realtime.js';
import type { Services } from '../services/index.js';
import { bearerToken, type Caller } from './tokens.js';

/**
 * What every resolver sees: the caller and the services, nothing else; and for the
 * subscriptions' streams, the live delivery of a process that serves them.
 */
export interface Context {
  caller: Caller;
  services: Services;
  realtime: Realtime | null;
}

/** Thrown from the context factory: yoga answers HTTP 401 with this error. */
export function unauthenticated(): Error {
  return createGraphQLError('A valid bearer token is required', {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
    },
  });
}

/** What GraphQL clients get when the database does not answer in time: HTTP 503. */
export function serviceUnavailable(): Error {
  return createGraphQLError(new DatabaseUnavailableError().message, {
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      http: { status: 503, headers: { 'Retry-After': '5' } },
    },
  });
}

/** Resolves the caller of an Authorization value, or null. */
export async function callerFromAuthorization(
  app: App,
  authorization: string | null | undefined,
): Promise<Caller | null> {
  const token = bearerToken(authorization);
  if (!token) return null;
  return app.services.workspaces.authenticate(token);
}

const requestCallers = new WeakMap<Request, Promise<Caller | null>>();

/**
 * The caller of an HTTP request's Authorization header, looked up once per request: the
 * response cache (which answers before the context exists) and the context factory share it.
 */
export function callerOfRequest(app: App, request: Request): Promise<Caller | null> {
  let caller = requestCallers.get(request);
  if (!caller) {
    caller = callerFromAuthorization(app, request.headers.get('authorization'));
    requestCallers.set(request, caller);
  }
  return caller;
}

/**
 * The one context factory for HTTP, SSE and graphql-ws. On WebSockets the caller was already
 * authenticated at connection time (see src/realtime) and is passed in `caller`.
 */
export function makeContextFactory(app: App) {
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
      // (src/server.ts) turns it into 503 SERVICE_UNAVAILABLE.
      caller =
        typeof fromParams === 'string'
          ? await callerFromAuthorization(app, fromParams)
          : initial.request
            ? await callerOfRequest(app, initial.request)
            : null;
    }
    if (!caller) throw unauthenticated();
    noteWorkspace(initial.req, caller.workspaceId);
    return { caller, services: app.services, realtime: app.realtime };
  };
}
