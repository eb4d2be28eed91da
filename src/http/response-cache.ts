import { createHash } from 'node:crypto';
import { createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Caller } from '../auth/tokens.js';
import { announceWorkspaceChange } from '../db/channels.js';
import { logger } from '../observability/log.js';
import { sortedKeys } from '../realtime/fanout.js';
import { callerOfRequest } from './context.js';
import type { EdgeDeps } from './deps.js';

/**
 * Answers of read queries, cached per api process with graphql-yoga's response-cache plugin
 * (an LRU of at most RESPONSE_CACHE_MAX_ENTRIES answers, each kept at most
 * RESPONSE_CACHE_TTL_MS).
 *
 * - Scoped: an answer is cached under the caller's workspace and scopes, so it is only ever
 *   served to a caller of the same workspace with the same scopes.
 * - Authenticated first: the token is resolved (src/auth/tokens.ts, through the token cache)
 *   before the cache is consulted, so a revoked or unknown token is refused as without it.
 * - Fresh: the key also holds the workspace's version in this process (ChangeSignals), which
 *   moves on with every change the process hears of (mutations, uploads, native inputs, run
 *   progress and run ends, webhook attempts, retention purges, all announced by NOTIFY to
 *   every api process). An answer read while
 *   a change arrived is stored under the version it started at, which no request asks for any
 *   more. While the LISTEN connection is down the cache neither answers nor stores.
 * - Mutations are never cached (yoga's plugin executes them), and each one announces a
 *   change of its workspace before it answers (useMutationChangeSignal).
 */
export function useWorkspaceResponseCache(deps: EdgeDeps): Plugin | null {
  const { responseCacheMaxEntries, responseCacheTtlMs } = deps.config;
  const changes = deps.realtime?.changes;
  if (responseCacheMaxEntries === 0 || !changes) return null;
  // Whether a request may be answered from, and stored in, the cache: decided once, when its
  // key is made, so both ends of the request agree.
  const cacheable = new WeakMap<Request, boolean>();
  return useResponseCache({
    cache: createInMemoryCache({ max: responseCacheMaxEntries }),
    ttl: responseCacheTtlMs,
    // Answers look the same in every environment (yoga would add cache metadata under DEBUG).
    includeExtensionMetadata: false,
    session: async (request: Request) => {
      let caller: Caller | null;
      try {
        caller = await callerOfRequest(deps, request);
      } catch {
        // The context factory meets the same failure and answers it (503).
        caller = null;
      }
      cacheable.set(request, caller !== null && changes.trusted());
      if (!caller) return null;
      const scopes = [...caller.scopes].sort().join(',');
      return `${caller.workspaceId}:${scopes}:${changes.version(caller.workspaceId)}`;
    },
    // The plugin's own key is the same SHA-256 over the same parts, but through the
    // asynchronous WebCrypto API, which showed up in profiles of cached answers; node's
    // synchronous hash makes a key of the same kind without it.
    buildResponseCacheKey: ({ documentString, operationName, variableValues, sessionId }) =>
      createHash('sha256')
        .update(
          [
            documentString,
            operationName ?? '',
            JSON.stringify(sortedKeys(variableValues ?? {})),
            sessionId ?? '',
          ].join('|'),
        )
        .digest('hex'),
    // Requests without a session (no valid token, WebSockets) never reach the cache, and
    // neither does the ETag revalidation yoga would answer before authentication.
    enabled: (request: Request | undefined) =>
      request !== undefined && cacheable.get(request) === true,
  });
}

/**
 * Announces a change of the caller's workspace after every mutation, before its answer goes
 * out: the writers of identities and runs announce theirs in their own transactions, and
 * this covers every other mutation (folders, audiences, lists, settings), in this process at
 * once and in the others by NOTIFY.
 */
export function useMutationChangeSignal(deps: EdgeDeps): Plugin {
  return {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const caller = (args.contextValue as { caller?: Caller }).caller;
      if (!caller) return;
      return {
        async onExecuteDone() {
          deps.realtime?.changes.workspaceChanged(caller.workspaceId);
          try {
            await announceWorkspaceChange(deps.database.pool, caller.workspaceId);
          } catch (error) {
            // The mutation committed; other processes then drop their answers by their TTL.
            logger('cache').error({ err: error }, 'change announcement failed');
          }
        },
      };
    },
  };
}
