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

/** One graphql-ws connection for every subscription of the page; it reconnects by itself. */
export function subscriptionClient(token: string, onUnauthorized: () => void): Client {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createClient({
    url: `${scheme}//${window.location.host}${ENDPOINT}`,
    connectionParams: { authorization: `Bearer ${token}` },
    // Reconnects after network trouble; a refused token (4403) is final.
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => (event as CloseEvent | undefined)?.code !== 4403,
    on: {
      closed: (event) => {
        if ((event as CloseEvent | undefined)?.code === 4403) onUnauthorized();
      },
    },
  });
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
