import { NotFoundError, ValidationError } from '../domain/errors.js';
import { decodeGlobalID } from '../domain/global-ids.js';

/**
 * Decodes a global id of the given GraphQL type to its database id. A malformed id is a
 * ValidationError on `path`; an id of another type is NOT_FOUND (it names nothing here).
 */
export function decodeId(globalId: string, typename: string, path: string[]): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw ValidationError.field(path, `${path.join('.')}: not a valid id`);
  }
  if (!/^\d{1,18}$/.test(decoded.id)) {
    throw ValidationError.field(path, `${path.join('.')}: not a valid id`);
  }
  if (decoded.typename !== typename) throw new NotFoundError(typename);
  return decoded.id;
}

/**
 * The database id behind a global id used as a query argument, or null when it names an
 * object of another type (which, like an unknown id, finds nothing). A malformed id is still
 * a VALIDATION error.
 */
export function idOrNull(globalId: string, typename: string, path: string[]): string | null {
  try {
    return decodeId(globalId, typename, path);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** Like decodeId for a list; reports every bad element by its index. */
export function decodeIds(
  globalIds: readonly string[],
  typename: string,
  path: string[],
): string[] {
  const fieldErrors: { path: string[]; message: string }[] = [];
  const ids: string[] = [];
  globalIds.forEach((globalId, index) => {
    try {
      ids.push(decodeId(globalId, typename, [...path, String(index)]));
    } catch (error) {
      if (error instanceof NotFoundError) throw error;
      fieldErrors.push(...(error as ValidationError).fieldErrors);
    }
  });
  if (fieldErrors.length > 0)
    throw new ValidationError(`${path.join('.')}: invalid ids`, fieldErrors);
  return ids;
}
