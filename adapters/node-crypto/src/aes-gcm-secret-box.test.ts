import { describe, expect, it } from 'vitest';
import { AesGcmSecretBox, generateSecretKey, parseSecretKey } from './aes-gcm-secret-box.js';

const key = () => parseSecretKey(generateSecretKey())!;

describe('AesGcmSecretBox', () => {
  it('opens what it sealed, and seals the same text differently each time', () => {
    const box = new AesGcmSecretBox(key());
    const a = box.seal('whsec_secret ✓');
    const b = box.seal('whsec_secret ✓');
    expect(a).not.toBe(b);
    expect(a).not.toContain('whsec_secret');
    expect(box.open(a)).toBe('whsec_secret ✓');
    expect(box.open(b)).toBe('whsec_secret ✓');
    expect(box.open(box.seal(''))).toBe('');
  });

  it('refuses a value sealed under another key, tampered with, or not sealed at all', () => {
    const box = new AesGcmSecretBox(key());
    const sealed = box.seal('client-secret');
    expect(() => new AesGcmSecretBox(key()).open(sealed)).toThrow(/another key, or tampered/);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`v1:${raw.toString('base64')}`)).toThrow(/tampered/);
    expect(() => box.open('client-secret')).toThrow(/not a sealed value/);
    expect(() => box.open('v1:AAAA')).toThrow(/too short/);
  });

  it('takes a 32-byte key only, written as base64 or hex', () => {
    expect(parseSecretKey('00'.repeat(32))).toHaveLength(32);
    expect(parseSecretKey(Buffer.alloc(32, 7).toString('base64'))).toHaveLength(32);
    expect(parseSecretKey(Buffer.alloc(32, 7).toString('base64url'))).toHaveLength(32);
    expect(parseSecretKey('00'.repeat(31))).toBeNull();
    expect(parseSecretKey(Buffer.alloc(16).toString('base64'))).toBeNull();
    expect(parseSecretKey('not a key')).toBeNull();
    expect(() => new AesGcmSecretBox(new Uint8Array(16))).toThrow(RangeError);
  });
});
