import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { graphiqlPageHeaders } from './page-policy.js';
import { GRAPHIQL_STORAGE_PREFIX, TOKEN_PLACEHOLDER, TOKEN_STORAGE_KEY } from './token-key.js';

/** Pages rendered so far, by their options (yoga passes the same options on every request). */
const rendered = new Map<string, { page: string; headers: Record<string, string> }>();

/** The CSP and framing headers of the page rendered last (the same options, the same page). */
let pageHeaders: Record<string, string> | null = null;

/** Stands in for the headers until the page has read the browser's token. */
const HEADERS_PLACEHOLDER = '__audience_sync_headers__';

/** The element GraphiQL renders into; the page's own script goes right after it. */
const ROOT = '<div id="root"></div>';

/**
 * Runs in the browser before GraphiQL starts. GraphiQL restores saved tabs with the headers
 * they were saved with, not the defaults it is given, so a tab saved under another token (or
 * before sign-in) would keep failing to load the schema: every saved tab's Authorization, and
 * the saved headers, are set to the web app's current token. Signed out, they are left as they
 * are (sign-out already replaced the app's token in them). Plain ES5, as it is printed as is.
 */
const PAGE_SCRIPT = `
window.audienceSyncHeaders = (function () {
  var token = null;
  try { token = window.localStorage.getItem(${JSON.stringify(TOKEN_STORAGE_KEY)}); } catch (e) {}
  var headers = JSON.stringify({ Authorization: 'Bearer ' + (token || ${JSON.stringify(TOKEN_PLACEHOLDER)}) }, null, 2);
  function withToken(text) {
    var parsed;
    try { parsed = JSON.parse(text || '{}'); } catch (e) { return text; }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return text;
    for (var name in parsed) {
      if (name.toLowerCase() === 'authorization') delete parsed[name];
    }
    parsed.Authorization = 'Bearer ' + token;
    return JSON.stringify(parsed, null, 2);
  }
  if (token) {
    try {
      var storage = window.localStorage;
      var tabsKey = ${JSON.stringify(`${GRAPHIQL_STORAGE_PREFIX}tabState`)};
      var saved = storage.getItem(tabsKey);
      if (saved) {
        var state = JSON.parse(saved);
        if (state && Array.isArray(state.tabs)) {
          for (var i = 0; i < state.tabs.length; i++) {
            var tab = state.tabs[i];
            if (tab && typeof tab === 'object') tab.headers = withToken(tab.headers);
          }
          storage.setItem(tabsKey, JSON.stringify(state));
        }
      }
      var headersKey = ${JSON.stringify(`${GRAPHIQL_STORAGE_PREFIX}headers`)};
      var savedHeaders = storage.getItem(headersKey);
      if (savedHeaders) storage.setItem(headersKey, withToken(savedHeaders));
    } catch (e) {}
  }
  return headers;
})();
`;

/**
 * The editor's first tab, in place of GraphiQL's own welcome (which calls the service "an
 * in-browser tool"): what this API is, how it authenticates, and a query to run at once.
 */
export const WELCOME_QUERY = `# audience-sync's GraphQL API
#
# audience-sync keeps Marketo-style static lists in step with Adobe Experience Cloud
# audiences: sync jobs, their runs and live progress, lists and their members, leads,
# webhooks and the Marketo connection. This page (GraphiQL) runs queries, mutations and
# subscriptions against it, with completion and the schema's documentation (Docs, left).
#
# Every request needs an API token: the Headers tab below sends the one the web app signed
# in with ({"Authorization": "Bearer ..."}); \`npm run cli -- token create\` or the
# createApiToken mutation (admin scope) issue others.
#
# Run this (Ctrl-Enter) for the workspace and its first sync jobs:

query Overview {
  workspace {
    name
  }
  syncJobs(first: 5) {
    totalCount
    edges {
      node {
        id
        status
        list {
          name
        }
        lastRun {
          status
          processed
          total
        }
      }
    }
  }
}
`;

/**
 * GraphiQL from the locally installed @graphql-yoga/render-graphiql (its scripts, styles and
 * editor workers are inlined in the page, so it works with no internet access). Its headers
 * follow the token the web app keeps in this origin's localStorage, in saved and new tabs, so
 * the schema loads at once when signed in; other edited headers persist (shouldPersistHeaders).
 */
export function renderLocalGraphiQL(options: GraphiQLOptions): string {
  // The page is about 9 MB (everything inlined) and the same for the same options.
  const key = JSON.stringify(options);
  const cached = rendered.get(key);
  if (cached) {
    pageHeaders = cached.headers;
    return cached.page;
  }
  const html = renderGraphiQL({
    ...options,
    defaultQuery: options.defaultQuery ?? WELCOME_QUERY,
    shouldPersistHeaders: true,
    headers: HEADERS_PLACEHOLDER,
    defaultHeaders: HEADERS_PLACEHOLDER,
  });
  if (!html.includes(ROOT)) {
    throw new Error(`@graphql-yoga/render-graphiql no longer renders ${ROOT}: update graphiql.ts`);
  }
  // The options are printed as JSON into the page's script; the placeholder becomes the
  // headers the page script worked out.
  const page = html
    .replace(ROOT, () => `${ROOT}\n<script>${PAGE_SCRIPT}</script>`)
    .replaceAll(JSON.stringify(HEADERS_PLACEHOLDER), 'window.audienceSyncHeaders');
  // Hashed once per page: the inline script alone is about 8 MB.
  pageHeaders = graphiqlPageHeaders(page);
  rendered.set(key, { page, headers: pageHeaders });
  return page;
}

/**
 * Sends GraphiQL with its Content-Security-Policy (its inline scripts and styles by hash) and
 * no framing. yoga answers the page as the only text/html response of /graphql.
 */
export function useGraphiqlPageHeaders(): Plugin {
  return {
    onResponse({ response }) {
      if (!pageHeaders || !response.headers.get('content-type')?.startsWith('text/html')) return;
      for (const [name, value] of Object.entries(pageHeaders)) response.headers.set(name, value);
    },
  };
}
