import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';

/** A failure to show the user: always a sentence, never a stack. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly unauthorized = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The GraphQL endpoint on this origin (the app is served by the API itself). */
const ENDPOINT = '/graphql';

/** Who hears of a refused token (401), by the token that was refused. */
const unauthorizedListeners = new Set<(token: string) => void>();

/**
 * Calls `listener` when any request with a token is answered 401, whatever it was for
 * (Pause, Run now, Explain, …); returns the function that stops it.
 */
export function onUnauthorized(listener: (token: string) => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Runs one query or mutation over HTTP; GraphQL and transport errors become ApiErrors. */
export async function request<TResult, TVariables>(
  token: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables?: TVariables,
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch {
    throw new ApiError('The service cannot be reached. Check the connection and try again.');
  }
  if (response.status === 401) {
    for (const listener of unauthorizedListeners) listener(token);
    throw new ApiError('This token was not accepted: it is unknown or was revoked.', true);
  }
  let body: { data?: TResult; errors?: { message: string }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The service answered ${response.status} without a GraphQL result.`);
  }
  if (body.errors?.length) {
    throw new ApiError(body.errors.map((error) => error.message).join(' '));
  }
  if (!body.data) throw new ApiError(`The service answered ${response.status} without data.`);
  return body.data;
}

/** A file the service answered, read whole, with the name it suggested. */
export interface Download {
  blob: Blob;
  filename: string | null;
}

/**
 * The file name of a Content-Disposition (RFC 6266): `filename*` (UTF-8, percent-encoded)
 * when present, as it carries a name beyond ASCII whole, else `filename`; null without either.
 */
export function attachmentName(disposition: string): string | null {
  const extended = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended);
    } catch {
      // A malformed encoding: the plain filename below still names the file.
    }
  }
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? null;
}

/**
 * Fetches a file of this origin (an export) with the token in the Authorization header, never
 * in the URL, where it would end up in logs and the history. A refusal becomes an ApiError
 * with the service's message; 401 also tells the listeners of onUnauthorized.
 */
export async function download(token: string, path: string): Promise<Download> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError('The service cannot be reached. Check the connection and try again.');
  }
  if (response.status === 401) {
    for (const listener of unauthorizedListeners) listener(token);
    throw new ApiError('This token was not accepted: it is unknown or was revoked.', true);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new ApiError(body?.message ?? `The service answered ${response.status}.`);
  }
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch {
    throw new ApiError('The download was cut off before its end. Try again.');
  }
  return { blob, filename: attachmentName(response.headers.get('content-disposition') ?? '') };
}

/** The longest wait between two reconnection attempts. */
const MAX_RETRY_WAIT_MS = 15_000;

/**
 * How long to wait before reconnection attempt `retries` (0 first): doubling from 1 s up to
 * MAX_RETRY_WAIT_MS, each wait between half of that and all of it, so that the pages of many
 * people do not all come back at the same moment after an outage.
 */
export function retryWaitMs(retries: number, random = Math.random()): number {
  const ceiling = Math.min(MAX_RETRY_WAIT_MS, 1000 * 2 ** Math.min(retries, 20));
  return Math.round(ceiling * (0.5 + random / 2));
}

export interface ConnectionEvents {
  /** The service refused the token (close code 4403): final, no more retries. */
  onUnauthorized: () => void;
  /** The connection was lost (or could not be made) and is being retried. */
  onDown: () => void;
  /** The connection is (again) acknowledged; `afterOutage` when it had been down. */
  onUp: (afterOutage: boolean) => void;
}

/** One graphql-ws connection for every subscription of the page; it reconnects by itself. */
export function subscriptionClient(token: string, events: ConnectionEvents): Client {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  let down = false;
  let disposed = false;
  const client = createClient({
    url: `${scheme}//${window.location.host}${ENDPOINT}`,
    connectionParams: { authorization: `Bearer ${token}` },
    // Reconnects after network trouble, for ever but at most MAX_RETRY_WAIT_MS apart; a
    // refused token (4403) is final.
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryWaitMs(retries))),
    shouldRetry: (event) => (event as CloseEvent | undefined)?.code !== 4403,
    on: {
      connected: () => {
        events.onUp(down);
        down = false;
      },
      closed: (event) => {
        const code = (event as CloseEvent | undefined)?.code;
        // 1000: the client closed it itself (lazily, with no subscription left), not an outage.
        if (disposed || code === 1000) return;
        if (code === 4403) {
          events.onUnauthorized();
          return;
        }
        down = true;
        events.onDown();
      },
    },
  });
  return {
    ...client,
    dispose: () => {
      disposed = true;
      return client.dispose();
    },
  };
}

/** Subscribes and calls `next` with each result's data; returns the unsubscribe function. */
export function subscribe<TResult, TVariables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  next: (data: TResult) => void,
  onError: (message: string) => void = () => {},
): () => void {
  return client.subscribe<TResult>(
    { query: print(document), variables },
    {
      next: (result) => {
        if (result.data) next(result.data);
        if (result.errors?.length) onError(result.errors.map((e) => e.message).join(' '));
      },
      error: (error) => {
        const message =
          error instanceof Error
            ? error.message
            : Array.isArray(error)
              ? error.map((e: { message: string }) => e.message).join(' ')
              : 'Live updates stopped.';
        onError(message);
      },
      complete: () => {},
    },
  );
}
