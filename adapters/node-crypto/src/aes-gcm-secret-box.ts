import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '@parley/core';

const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds sealed text to its purpose, so a ciphertext cannot be passed off as another kind of value. */
const AAD = Buffer.from('parley.secret-box.v1');

/** A key as the operator writes it: 32 bytes as base64 (44 characters) or hex (64 characters); null otherwise. */
export const parseSecretKey = (text: string): Buffer | null => {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return b.length === 32 ? b : null;
  }
  return null;
};

/** 32 fresh random bytes, base64: a new key for `PARLEY_SECRET_KEY`. */
export const generateSecretKey = (): string => randomBytes(32).toString('base64');

/**
 * {@link SecretBox} with AES-256-GCM: each value gets a fresh 96-bit IV and a 128-bit tag; sealed text is
 * `v1:` + base64(iv ‖ tag ‖ ciphertext). `open` throws when the text was tampered with or sealed under
 * another key.
 */
export class AesGcmSecretBox implements SecretBox {
  private readonly key: Buffer;

  /** @throws RangeError unless `key` is 32 bytes. */
  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new RangeError(`AesGcmSecretBox: the key must be 32 bytes, got ${key.length}`);
    this.key = Buffer.from(key);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(AAD);
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
  }

  open(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error('SecretBox: not a sealed value');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('SecretBox: sealed value too short');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(AAD);
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('SecretBox: cannot open the value (another key, or tampered with)');
    }
  }
}
