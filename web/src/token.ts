import {
  GRAPHIQL_STORAGE_PREFIX,
  TOKEN_PLACEHOLDER,
  TOKEN_STORAGE_KEY,
} from '../../src/http/web/token-key.js';

/** The API token, kept in this origin's localStorage (GraphiQL at /graphql reads it too). */
export function storedToken(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) window.localStorage.setItem(TOKEN_STORAGE_KEY, token);
    else window.localStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Storage refused (private mode): the token lasts for this page only.
  }
}

/**
 * Signing out forgets the token everywhere this origin kept it: the app's own key, and
 * GraphiQL's saved tabs, headers and history (it persists headers, so each holds
 * `Authorization: Bearer <the token>`). The token is replaced by the placeholder, so saved
 * queries stay.
 */
export function forgetToken(token: string): void {
  storeToken(null);
  try {
    const storage = window.localStorage;
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(GRAPHIQL_STORAGE_PREFIX)) keys.push(key);
    }
    for (const key of keys) {
      const value = storage.getItem(key);
      if (value?.includes(token)) storage.setItem(key, value.replaceAll(token, TOKEN_PLACEHOLDER));
    }
  } catch {
    // Storage refused: nothing was kept there either.
  }
}
