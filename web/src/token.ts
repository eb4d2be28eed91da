import { TOKEN_STORAGE_KEY } from '../../src/web/token-key.js';

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
