/**
 * Where the browser keeps the API token: the web app writes it at sign-in and GraphiQL reads
 * it for its headers, both on the service's origin.
 */
export const TOKEN_STORAGE_KEY = 'audience-sync.token';

/**
 * GraphiQL's own localStorage keys all start with this (`graphiql:tabState`, `graphiql:headers`,
 * `graphiql:queries`, `graphiql:favorites`, …); with persisted headers, tabs and history keep
 * the Authorization header in them.
 */
export const GRAPHIQL_STORAGE_PREFIX = 'graphiql:';

/** What the headers say instead of a token when there is none (never signed in, signed out). */
export const TOKEN_PLACEHOLDER = '<token>';
