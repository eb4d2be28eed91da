import { ValidationError } from './errors.js';

/** Identifier rules of CONTRACT.md; each returns the normalised value or a reason. */

const ECID = /^\d{38}$/;
// `_mkto_trk` token: `_mch-` prefix, printable ASCII without spaces, 6-255 characters.
const COOKIE_ID = /^_mch-[\x21-\x7e]{1,250}$/;
const IMS_ORG_ID = /^[0-9A-F]{24}@AdobeOrg$/;
// Pragmatic address check (RFC 5321 lengths, one @, a dotted domain, no spaces).
const EMAIL =
  /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export type Checked = { ok: true; value: string } | { ok: false; reason: string };

export function checkEcid(raw: string): Checked {
  return ECID.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, reason: 'ECID must be exactly 38 digits' };
}

export function checkCookieId(raw: string): Checked {
  return COOKIE_ID.test(raw)
    ? { ok: true, value: raw }
    : {
        ok: false,
        reason:
          'cookie id must start with _mch- and be 6-255 printable ASCII characters without spaces',
      };
}

export function checkImsOrgId(raw: string): Checked {
  return IMS_ORG_ID.test(raw)
    ? { ok: true, value: raw }
    : {
        ok: false,
        reason: 'IMS org id must be 24 upper-case hex characters followed by @AdobeOrg',
      };
}

export function checkEmail(raw: string): Checked {
  const value = raw.trim().toLowerCase();
  if (value.length > 254 || !EMAIL.test(value) || value.split('@')[0].length > 64) {
    return { ok: false, reason: 'not a valid email address' };
  }
  return { ok: true, value };
}

export function checkName(raw: string): Checked {
  const value = raw.trim();
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
  if (value.length > 255) return { ok: false, reason: 'must be at most 255 characters' };
  return { ok: true, value: value === '' ? null : value };
}

/** Returns the checked value, or throws a ValidationError naming the input field. */
export function required(checked: Checked, path: string[]): string {
  if (!checked.ok) throw ValidationError.field(path, `${path.join('.')}: ${checked.reason}`);
  return checked.value;
}
