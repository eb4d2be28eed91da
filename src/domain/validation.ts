import { ValidationError } from './errors.js';

/** Identifier rules of the public contract; each returns the normalised value or a reason. */

const ECID = /^\d{38}$/;
// `_mkto_trk` token: `_mch-` prefix, printable ASCII without spaces, 6-255 characters.
const COOKIE_ID = /^_mch-[\x21-\x7e]{1,250}$/;
const IMS_ORG_ID = /^[0-9A-F]{24}@AdobeOrg$/;
// Pragmatic address check (RFC 5321 lengths, one @, a dotted domain, no spaces).
const EMAIL =
  /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export type Checked = { ok: true; value: string } | { ok: false; reason: string };

/**
 * What no text input may hold: control characters (Unicode category Cc: C0 including TAB, LF
 * and CR, DEL, C1) and unpaired UTF-16 surrogates. PostgreSQL cannot store NUL at all (the
 * statement fails); the other controls are invisible, break CSV exports and make two names or
 * emails that look the same differ. Valid UTF-8 cannot encode a lone surrogate, but a JSON
 * `\ud800` escape (GraphQL variables, NDJSON uploads) can, and the database driver would
 * silently store it as U+FFFD. With the `u` flag a surrogate range matches only unpaired
 * surrogates: a pair is one code point.
 */
const FORBIDDEN = /[\p{Cc}\ud800-\udfff]/u;
/** The same for multi-line text (a description), where TAB, LF and CR are allowed. */
const FORBIDDEN_MULTILINE = /(?![\t\n\r])[\p{Cc}\ud800-\udfff]/u;

/**
 * The one text rule every check below starts with (see FORBIDDEN); `multiline` allows TAB, LF
 * and CR. Checks of trimmed values apply it after trimming, so whitespace controls around a
 * value (a trailing newline, say) are trimmed like spaces; inside it they are refused. The
 * reason names the first offending character by code point.
 */
export function checkText(raw: string, options: { multiline?: boolean } = {}): Checked {
  const forbidden = options.multiline ? FORBIDDEN_MULTILINE : FORBIDDEN;
  // test() first: it runs on every value of an upload, and valid text needs no match object.
  if (!forbidden.test(raw)) return { ok: true, value: raw };
  const code = (forbidden.exec(raw) as RegExpExecArray)[0].codePointAt(0) as number;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return {
    ok: false,
    reason:
      code >= 0xd800 && code <= 0xdfff
        ? `must not contain an unpaired surrogate (${hex})`
        : `must not contain control characters (${hex} found)`,
  };
}

export function checkEcid(raw: string): Checked {
  const text = checkText(raw);
  if (!text.ok) return text;
  return ECID.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, reason: 'ECID must be exactly 38 digits' };
}

export function checkCookieId(raw: string): Checked {
  const text = checkText(raw);
  if (!text.ok) return text;
  return COOKIE_ID.test(raw)
    ? { ok: true, value: raw }
    : {
        ok: false,
        reason:
          'cookie id must start with _mch- and be 6-255 printable ASCII characters without spaces',
      };
}

export function checkImsOrgId(raw: string): Checked {
  const text = checkText(raw);
  if (!text.ok) return text;
  return IMS_ORG_ID.test(raw)
    ? { ok: true, value: raw }
    : {
        ok: false,
        reason: 'IMS org id must be 24 upper-case hex characters followed by @AdobeOrg',
      };
}

export function checkEmail(raw: string): Checked {
  const value = raw.trim().toLowerCase();
  // Before the address pattern, which lets any non-space character into the local part.
  const text = checkText(value);
  if (!text.ok) return text;
  if (value.length > 254 || !EMAIL.test(value) || value.split('@')[0].length > 64) {
    return { ok: false, reason: 'not a valid email address' };
  }
  return { ok: true, value };
}

export function checkName(raw: string): Checked {
  const value = raw.trim();
  const text = checkText(value);
  if (!text.ok) return text;
  if (value.length < 1 || value.length > 255) {
    return { ok: false, reason: 'must be 1-255 characters after trimming' };
  }
  return { ok: true, value };
}

/** An optional person name: trimmed, empty becomes null, at most 255 characters. */
export function checkOptionalName(
  raw: string | null | undefined,
): { ok: true; value: string | null } | { ok: false; reason: string } {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  const value = raw.trim();
  const text = checkText(value);
  if (!text.ok) return text;
  if (value.length > 255) return { ok: false, reason: 'must be at most 255 characters' };
  return { ok: true, value: value === '' ? null : value };
}

/**
 * A free-text query argument (a search, an email filter): trimmed, undefined when empty. A
 * forbidden character answers a ValidationError instead of reaching the database, which
 * would fail the query on NUL.
 */
export function searchText(raw: string | null | undefined, path: string[]): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const value = required(checkText(raw.trim()), path);
  return value === '' ? undefined : value;
}

/** Returns the checked value, or throws a ValidationError naming the input field. */
export function required(checked: Checked, path: string[]): string {
  if (!checked.ok) throw ValidationError.field(path, `${path.join('.')}: ${checked.reason}`);
  return checked.value;
}
