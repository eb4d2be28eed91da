import { ASSOCIATION_SOURCES, type AssociationSource } from '../domain/association-sources.js';
import { checkCookieId, checkEcid, checkEmail } from '../domain/validation.js';
import type { CopyBatch } from './copy-batch.js';
import { type RecordSpec, UploadError } from './records.js';

const ECID_LENGTH = 38;
const COOKIE_PREFIX = Buffer.from('_mch-');
const MAX_COOKIE_LENGTH = 255;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * `<38 digits>,<cookie id>` where the cookie id needs neither CSV unquoting nor COPY escaping:
 * copied to the COPY row as is, with the comma turned into a tab.
 */
function cookieSyncLine(buf: Buffer, start: number, end: number, out: CopyBatch): boolean {
  const cookieStart = start + ECID_LENGTH + 1;
  const cookieLength = end - cookieStart;
  if (cookieLength < 6 || cookieLength > MAX_COOKIE_LENGTH || buf[cookieStart - 1] !== COMMA) {
    return false;
  }
  for (let i = start; i < cookieStart - 1; i++) {
    const byte = buf[i];
    if (byte < 0x30 || byte > 0x39) return false;
  }
  if (buf.compare(COOKIE_PREFIX, 0, COOKIE_PREFIX.length, cookieStart, cookieStart + 5) !== 0) {
    return false;
  }
  for (let i = cookieStart + 5; i < end; i++) {
    const byte = buf[i];
    if (byte < 0x21 || byte > 0x7e || byte === COMMA || byte === QUOTE || byte === BACKSLASH) {
      return false;
    }
  }
  out.reserve(end - start + 1);
  out.bytes(buf, start, cookieStart - 1);
  out.byte(TAB);
  out.bytes(buf, cookieStart, end);
  out.byte(NEWLINE);
  return true;
}

/** A cookie sync line: `ecid,cookieId`. */
export const COOKIE_SYNC_RECORD: RecordSpec = {
  columns: [
    { name: 'ecid', column: 'ecid', check: checkEcid, byteOrder: true },
    { name: 'cookieId', column: 'cookie_id', check: checkCookieId, byteOrder: true },
  ],
  fastLine: cookieSyncLine,
};

/** An association line: `cookieId,email`; per cookie the latest line wins. */
export const ASSOCIATION_RECORD: RecordSpec = {
  columns: [
    { name: 'cookieId', column: 'cookie_id', check: checkCookieId, byteOrder: true },
    { name: 'email', column: 'email', check: checkEmail },
  ],
  withLineNumber: true,
};

/** The source of an associations upload (`?source=`, any case; API when absent); 400 for any other. */
export function associationSource(raw: string | null): AssociationSource {
  if (raw === null) return 'API';
  const wanted = raw.toLowerCase();
  const source = ASSOCIATION_SOURCES.find((allowed) => allowed.toLowerCase() === wanted);
  if (!source)
    throw new UploadError('BAD_REQUEST', `source must be one of ${ASSOCIATION_SOURCES.join(', ')}`);
  return source;
}
