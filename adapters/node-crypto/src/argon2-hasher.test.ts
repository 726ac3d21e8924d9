import { describe, expect, it } from 'vitest';
import { Argon2Hasher, needsRehash, OWASP_ARGON2_DEFAULTS, parseArgon2Hash } from './argon2-hasher.js';

// Cheap parameters keep most tests fast; one test uses the OWASP defaults.
const fast = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('Argon2Hasher', () => {
  it('uses the OWASP argon2id minimums by default', async () => {
    expect(OWASP_ARGON2_DEFAULTS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const hasher = new Argon2Hasher();
    expect(hasher.params).toEqual(OWASP_ARGON2_DEFAULTS);
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hasher.verify(hash, 'correct horse battery staple')).toBe(true);
  });

  it('produces an argon2id PHC string with the configured parameters', async () => {
    const hasher = new Argon2Hasher({ memoryCost: 2048, timeCost: 3, parallelism: 2 });
    const hash = await hasher.hash('pw');
    expect(hash.startsWith('$argon2id$v=19$m=2048,t=3,p=2$')).toBe(true);
    expect(parseArgon2Hash(hash)).toEqual({
      algorithm: 'argon2id',
      version: 19,
      memoryCost: 2048,
      timeCost: 3,
      parallelism: 2,
    });
  });

  it('fills unspecified options from the OWASP defaults', () => {
    expect(new Argon2Hasher({ timeCost: 4 }).params).toEqual({ ...OWASP_ARGON2_DEFAULTS, timeCost: 4 });
  });

  it('salts every hash differently', async () => {
    const hasher = new Argon2Hasher(fast);
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const hasher = new Argon2Hasher(fast);
    const hash = await hasher.hash('s3cret!');
    expect(await hasher.verify(hash, 's3cret!')).toBe(true);
    expect(await hasher.verify(hash, 's3cret')).toBe(false);
    expect(await hasher.verify(hash, 'S3cret!')).toBe(false);
    expect(await hasher.verify(hash, '')).toBe(false);
  });

  it('returns false instead of throwing for malformed hashes', async () => {
    const hasher = new Argon2Hasher(fast);
    const good = await hasher.hash('pw');
    const malformed = [
      '',
      'not a hash',
      '$argon2id$',
      '$argon2id$v=19$m=1024,t=1,p=1$',
      '$argon2id$v=19$m=1024,t=1,p=1$!!!!$????',
      '$argon2id$v=19$m=0,t=0,p=0$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA',
      '$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA',
      '$2b$10$abcdefghijklmnopqrstuuM1u8mJ0lS3JZ3s1b2Zx5l4t1Ki0Pl1e',
      good.slice(0, -10),
      good.replace('$argon2id$', '$argon2xx$'),
      `${good}$extra`,
    ];
    for (const hash of malformed) {
      await expect(hasher.verify(hash, 'pw'), hash).resolves.toBe(false);
    }
    await expect(hasher.verify(undefined as unknown as string, 'pw')).resolves.toBe(false);
    await expect(hasher.verify(good, null as unknown as string)).resolves.toBe(false);
  });

  it('hashes Unicode passwords by their full UTF-8 bytes', async () => {
    const hasher = new Argon2Hasher(fast);
    const password = 'pässwörd 🔑 パスワード';
    const hash = await hasher.hash(password);
    expect(await hasher.verify(hash, password)).toBe(true);
    expect(await hasher.verify(hash, 'pässwörd 🔑 パスワー')).toBe(false);
    expect(await hasher.verify(hash, 'passwor d 🔑 パスワード')).toBe(false);
    // Different emoji sharing a leading surrogate must not collide.
    expect(await hasher.verify(hash, 'pässwörd 🔒 パスワード')).toBe(false);
  });

  it('does not truncate long passwords (a difference at char 900 of 1000 is detected)', async () => {
    const hasher = new Argon2Hasher(fast);
    const password = 'a'.repeat(1000);
    const differsAt900 = `${'a'.repeat(900)}b${'a'.repeat(99)}`;
    expect(differsAt900).toHaveLength(1000);
    const hash = await hasher.hash(password);
    expect(await hasher.verify(hash, password)).toBe(true);
    expect(await hasher.verify(hash, differsAt900)).toBe(false);
    expect(await hasher.verify(hash, password.slice(0, 999))).toBe(false);
  });

  it('rejects nonsense parameters', () => {
    const bad = [
      { memoryCost: 0 },
      { memoryCost: -1 },
      { memoryCost: 1.5 },
      { memoryCost: Number.NaN },
      { memoryCost: 2 ** 32 },
      { memoryCost: 7 },
      { memoryCost: 15, parallelism: 2 }, // below 8 KiB per lane
      { timeCost: 0 },
      { timeCost: Number.POSITIVE_INFINITY },
      { parallelism: 0 },
      { parallelism: 256 },
      { parallelism: '1' as unknown as number },
    ];
    for (const options of bad) {
      expect(() => new Argon2Hasher(options), JSON.stringify(options)).toThrow(RangeError);
    }
  });
});

describe('needsRehash', () => {
  it('is false for a hash made with the configured parameters', async () => {
    const hasher = new Argon2Hasher(fast);
    expect(hasher.needsRehash(await hasher.hash('pw'))).toBe(false);
  });

  it('is true when any parameter differs from the configured ones', async () => {
    const hasher = new Argon2Hasher(fast);
    const older = await new Argon2Hasher({ ...fast, memoryCost: 512 }).hash('pw');
    expect(hasher.needsRehash(older)).toBe(true);
    expect(hasher.needsRehash(await new Argon2Hasher({ ...fast, timeCost: 2 }).hash('pw'))).toBe(true);
    expect(hasher.needsRehash(await new Argon2Hasher({ ...fast, parallelism: 2 }).hash('pw'))).toBe(true);
    // The old hash still verifies, so the caller can rehash on login.
    expect(await hasher.verify(older, 'pw')).toBe(true);
  });

  it('is true for other argon2 variants or versions, and for malformed hashes', () => {
    const tail = '$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
    expect(needsRehash(`$argon2id$v=19$m=19456,t=2,p=1${tail}`)).toBe(false);
    expect(needsRehash(`$argon2i$v=19$m=19456,t=2,p=1${tail}`)).toBe(true);
    expect(needsRehash(`$argon2id$v=16$m=19456,t=2,p=1${tail}`)).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
    expect(needsRehash('')).toBe(true);
  });

  it('compares against the given parameters, defaulting to OWASP', () => {
    const hash = '$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
    expect(needsRehash(hash)).toBe(true);
    expect(needsRehash(hash, fast)).toBe(false);
  });
});
