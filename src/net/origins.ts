/**
 * Whether `value` is exactly a browser origin (`https://shop.example`, scheme, host and port,
 * no path), as browsers send it in `Origin`: the one rule for CORS_ORIGINS and for the origins
 * of publishable keys.
 */
export function isOrigin(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return ['http:', 'https:'].includes(url.protocol) && url.origin === value;
}
