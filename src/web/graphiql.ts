import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';
import { TOKEN_STORAGE_KEY } from './token-key.js';

/** Pages rendered so far, by their options (yoga passes the same options on every request). */
const rendered = new Map<string, string>();

/** Stands in for the headers until the page has read the browser's token. */
const HEADERS_PLACEHOLDER = '__audience_sync_headers__';

/**
 * GraphiQL from the locally installed @graphql-yoga/render-graphiql (its scripts, styles and
 * editor workers are inlined in the page, so it works with no internet access). Its headers
 * start with the token the web app keeps in this origin's localStorage, for every new tab
 * too, so the schema loads at once when signed in; edited headers persist (shouldPersistHeaders).
 */
export function renderLocalGraphiQL(options: GraphiQLOptions): string {
  // The page is about 9 MB (everything inlined) and the same for the same options.
  const key = JSON.stringify(options);
  const cached = rendered.get(key);
  if (cached) return cached;
  const html = renderGraphiQL({
    ...options,
    shouldPersistHeaders: true,
    headers: HEADERS_PLACEHOLDER,
    defaultHeaders: HEADERS_PLACEHOLDER,
  });
  // The options are printed as JSON into the page's script; the placeholder becomes an
  // expression evaluated in the browser.
  const headers = `(function () {
    var token = null;
    try { token = window.localStorage.getItem(${JSON.stringify(TOKEN_STORAGE_KEY)}); } catch (e) {}
    return JSON.stringify({ Authorization: 'Bearer ' + (token || '<token>') }, null, 2);
  })()`;
  const page = html.replaceAll(JSON.stringify(HEADERS_PLACEHOLDER), headers);
  rendered.set(key, page);
  return page;
}
