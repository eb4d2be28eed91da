/**
 * Relay global ids (`Node.id`): base64 of `${typename}:${id}`. The one codec of them: the
 * GraphQL schema (its builder's relay options and its argument decoding), the CLI and the
 * webhook payloads all use it. The format is byte for byte the Pothos relay plugin's default
 * (test/global-ids.test.ts holds the two to each other), so ids issued before stay valid.
 */

/** An id that is not a global id; the message is the relay plugin's. */
export class InvalidGlobalIdError extends Error {
  constructor(globalId: string) {
    super(`Invalid global ID: ${globalId}`);
    this.name = 'InvalidGlobalIdError';
  }
}

export function encodeGlobalID(typename: string, id: bigint | number | string): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}

const BASE64 = /^(?:[\d+/A-Za-z]{4})*(?:[\d+/A-Za-z]{2}==|[\d+/A-Za-z]{3}=)?$/;
const TYPENAME = /^[A-Z_a-z]\w*$/;

/** The typename and id of `globalId` (an id may hold ':'); throws InvalidGlobalIdError. */
export function decodeGlobalID(globalId: string): { typename: string; id: string } {
  if (!BASE64.test(globalId)) throw new InvalidGlobalIdError(globalId);
  const decoded = Buffer.from(globalId, 'base64').toString().split(':');
  const [typename, id] = decoded;
  if (!typename || !id || !TYPENAME.test(typename)) throw new InvalidGlobalIdError(globalId);
  return { typename, id: decoded.length > 2 ? decoded.slice(1).join(':') : id };
}

/**
 * The database id a URL segment names as a global id of `typename`, or null when it names
 * none (not URI-encoded right, not a global id, another type, or not a database id).
 */
export function databaseIdInUrl(segment: string, typename: string): string | null {
  try {
    const decoded = decodeGlobalID(decodeURIComponent(segment));
    return decoded.typename === typename && /^\d{1,18}$/.test(decoded.id) ? decoded.id : null;
  } catch {
    return null;
  }
}
