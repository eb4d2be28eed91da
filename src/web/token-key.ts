/**
 * Where the browser keeps the API token: the web app writes it at sign-in and GraphiQL reads
 * it for its headers, both on the service's origin.
 */
export const TOKEN_STORAGE_KEY = 'audience-sync.token';
