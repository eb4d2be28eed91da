/**
 * Stored outbound credentials (a Marketo client secret) sealed at rest. With SECRETS_KEY set
 * (`config.secretsKey`, 32 bytes) a secret is encrypted with AES-256-GCM under a random
 * 12-byte IV and stored as `v1:<iv>:<tag>:<ciphertext>` (base64url parts); the tag makes any
 * change to the stored text, or a wrong key, fail to open instead of answering garbage.
 * Without a key the secret is stored as given (a Marketo client secret is letters and digits,
 * so it never takes the sealed form); it is still never readable through any field, log line,
 * export or error, and a key set later still opens it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const SEALED = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

/** A stored secret that cannot be opened (wrong key, key missing, damaged text). */
export class SecretUnreadableError extends Error {
  constructor(reason: string) {
    super(`the stored secret cannot be opened: ${reason}`);
    this.name = 'SecretUnreadableError';
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error(`SECRETS_KEY must be ${KEY_BYTES} bytes`);
}

/** The text to store for `plain`: sealed under `key`, or `plain` itself when there is none. */
export function sealSecret(key: Buffer | null, plain: string): string {
  if (key === null) return plain;
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [SEALED, iv, tag, data].map((part) => part.toString('base64url')).join(':');
}

/**
 * The secret a stored text holds. One not in the sealed form was stored as given (before
 * SECRETS_KEY was set) and opens with or without a key; a sealed one needs its key.
 */
export function openSecret(key: Buffer | null, sealed: string): string {
  const parts = sealed.split(':');
  if (parts[0] !== SEALED || parts.length !== 4) return sealed;
  if (key === null) throw new SecretUnreadableError('it was sealed and SECRETS_KEY is not set');
  checkKey(key);
  const [iv, tag, data] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadableError('SECRETS_KEY is not the key it was sealed with');
  }
}
