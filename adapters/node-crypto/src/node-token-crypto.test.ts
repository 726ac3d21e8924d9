import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NodeTokenCrypto } from './node-token-crypto.js';

const crypto = new NodeTokenCrypto();

describe('NodeTokenCrypto.randomToken', () => {
  it('makes a 32-byte base64url token by default', () => {
    const token = crypto.randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('makes tokens of the requested entropy', () => {
    expect(Buffer.from(crypto.randomToken(16), 'base64url')).toHaveLength(16);
    expect(Buffer.from(crypto.randomToken(64), 'base64url')).toHaveLength(64);
    expect(crypto.randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('does not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => crypto.randomToken(16)));
    expect(tokens.size).toBe(1000);
  });

  it('rejects fewer than 16 bytes and non-integer sizes', () => {
    for (const bytes of [15, 0, -1, 16.5, Number.NaN, Number.POSITIVE_INFINITY, 1025]) {
      expect(() => crypto.randomToken(bytes), String(bytes)).toThrow(RangeError);
    }
  });
});

describe('NodeTokenCrypto.sha256', () => {
  it('returns lower-case hex of the UTF-8 bytes', () => {
    expect(crypto.sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(crypto.sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(crypto.sha256('héllo 🔑')).toBe(createHash('sha256').update(Buffer.from('héllo 🔑', 'utf8')).digest('hex'));
  });
});

describe('NodeTokenCrypto.safeEqual', () => {
  it('is true for equal strings and false otherwise', () => {
    expect(crypto.safeEqual('token', 'token')).toBe(true);
    expect(crypto.safeEqual('', '')).toBe(true);
    expect(crypto.safeEqual('token', 'tokeN')).toBe(false);
    expect(crypto.safeEqual('é', 'e\u0301')).toBe(false);
  });

  it('handles different lengths without throwing', () => {
    expect(crypto.safeEqual('short', 'much longer string')).toBe(false);
    expect(crypto.safeEqual('', 'x')).toBe(false);
    expect(crypto.safeEqual('a'.repeat(10_000), 'a')).toBe(false);
  });
});

describe('NodeTokenCrypto.hmacSha256', () => {
  it('matches RFC 4231 test case 2 ("Jefe")', () => {
    const key = Buffer.from('Jefe').toString('base64');
    const mac = crypto.hmacSha256(key, 'what do ya want for nothing?');
    expect(Buffer.from(mac, 'base64').toString('hex')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});
