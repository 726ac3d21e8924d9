import { describe, expect, it } from 'vitest';
import { baselinePasswordRules, createParley, defaultCoreConfig, passwordViolations } from '@parley/core';
import { MemoryEventBus } from '@parley/events-memory';
import { NodeTokenCrypto, SystemClock, Uuid7Ids } from '@parley/node-crypto';
import { createMemoryStorage } from '@parley/storage-memory';
import { CommonPasswordList } from './common-password-list.js';

const list = new CommonPasswordList();

describe('CommonPasswordList', () => {
  it('holds thousands of passwords', () => {
    expect(list.size).toBeGreaterThan(10_000);
  });

  it('finds well-known breached passwords of 8 characters or more, whatever their case', () => {
    for (const p of ['password', 'Password1', 'qwertyuiop', 'iloveyou', 'baseball', 'trustno1', '1qaz2wsx', 'PASSWORD123'])
      expect(list.isCommon(p), p).toBe(true);
  });

  it('passes passphrases and random strings', () => {
    for (const p of ['correct horse battery staple', 'x7#Lq9!vZ2@m', 'Ünïcödé pässwörd ✓']) expect(list.isCommon(p), p).toBe(false);
  });

  it('refuses the extra passwords it is given', () => {
    expect(new CommonPasswordList(['AcmeSupport2026']).isCommon('acmesupport2026')).toBe(true);
  });

  it('gives the password policy its common_password code', () => {
    expect(
      passwordViolations('iloveyou1', baselinePasswordRules, { email: 'a@b.example', name: 'A' }, (p) => list.isCommon(p)).map(
        (v) => v.code,
      ),
    ).toEqual(['common_password']);
  });

  it('gives the policy what it needs to refuse a listed password with digits or symbols around it', () => {
    const codes = (p: string) =>
      passwordViolations(p, baselinePasswordRules, { email: 'a@b.example', name: 'A' }, (x) => list.isCommon(x)).map((v) => v.code);
    for (const p of ['Password123!', 'PASSWORD1', 'Sunshine2026!', '!!Baseball99']) expect(codes(p), p).toEqual(['common_password']);
    expect(codes('correct horse battery staple')).toEqual([]);
  });

  it('is refused at sign-up when the core is given the list', async () => {
    const clock = new SystemClock();
    const parley = createParley({
      storage: createMemoryStorage(),
      events: new MemoryEventBus(),
      clock,
      ids: new Uuid7Ids({ clock }),
      hasher: { hash: async (p) => `h:${p}`, verify: async (h, p) => h === `h:${p}` },
      crypto: new NodeTokenCrypto(),
      config: { ...defaultCoreConfig, signup: 'open' },
      commonPasswords: list,
    });
    await expect(
      parley.accounts.signUp(
        { accountName: 'Acme', email: 'o@acme.example', name: 'Olive', password: 'sunshine1' },
        { ip: null, userAgent: null },
      ),
    ).rejects.toMatchObject({ code: 'password_policy_violation', details: [{ code: 'common_password' }] });
  });
});
