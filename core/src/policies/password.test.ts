import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  baselinePasswordRules,
  commonPasswordStem,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_FLOOR,
  passwordViolations,
  userInfoTokens,
  type PasswordRules,
} from './password.js';

const user = { email: 'jane.doe@acme.example', name: 'Jane Q Doe' };
const strict: PasswordRules = { minLength: 12, requireMixedCase: true, requireSpecialChar: true, forbidUserInfo: true };
const codes = (password: string, rules: PasswordRules = baselinePasswordRules, isCommon?: (p: string) => boolean) =>
  passwordViolations(password, rules, user, isCommon).map((v) => v.code);

describe('password policy: length', () => {
  it('accepts a password of exactly the minimum length', () => {
    expect(codes('abcdefgh')).toEqual([]);
  });

  it('rejects one character fewer as too_short, saying how many are needed', () => {
    const v = passwordViolations('abcdefg', baselinePasswordRules, user);
    expect(v.map((x) => x.code)).toEqual(['too_short']);
    expect(v[0]!.message).toContain('8');
  });

  it('uses the configured minimum when it is above the floor', () => {
    const rules = { ...baselinePasswordRules, minLength: 12 };
    expect(codes('abcdefghijk', rules)).toEqual(['too_short']);
    expect(codes('abcdefghijkl', rules)).toEqual([]);
  });

  it(`never allows fewer than ${PASSWORD_MIN_FLOOR} characters, even if the rules say 4`, () => {
    const lax = { ...baselinePasswordRules, minLength: 4 };
    expect(codes('abcd', lax)).toEqual(['too_short']);
    expect(codes('abcdefg', lax)).toEqual(['too_short']);
    expect(passwordViolations('abcd', lax, user)[0]!.message).toContain(String(PASSWORD_MIN_FLOOR));
    expect(codes('abcdefgh', lax)).toEqual([]);
  });

  it('counts Unicode code points, so an emoji is one character', () => {
    const sevenEmoji = '😀'.repeat(7); // 14 UTF-16 code units
    expect(sevenEmoji.length).toBe(14);
    expect(codes(sevenEmoji)).toEqual(['too_short']);
    expect(codes('😀'.repeat(8))).toEqual([]);
  });

  it(`accepts up to ${PASSWORD_MAX_LENGTH} characters and rejects one more as too_long`, () => {
    expect(codes('a'.repeat(PASSWORD_MAX_LENGTH))).toEqual([]);
    expect(codes('a'.repeat(PASSWORD_MAX_LENGTH + 1))).toEqual(['too_long']);
  });

  it('measures the maximum in code points too', () => {
    expect(codes('😀'.repeat(PASSWORD_MAX_LENGTH))).toEqual([]);
    expect(codes('😀'.repeat(PASSWORD_MAX_LENGTH + 1))).toEqual(['too_long']);
  });
});

describe('password policy: character classes', () => {
  const mixed = { ...baselinePasswordRules, requireMixedCase: true };
  const special = { ...baselinePasswordRules, requireSpecialChar: true };

  it('requires both cases when asked (mixed_case_required)', () => {
    expect(codes('alllowercase', mixed)).toEqual(['mixed_case_required']);
    expect(codes('ALLUPPERCASE', mixed)).toEqual(['mixed_case_required']);
    expect(codes('12345678!!', mixed)).toEqual(['mixed_case_required']);
    expect(codes('MixedCase', mixed)).toEqual([]);
  });

  it('recognises non-ASCII letters as upper or lower case', () => {
    expect(codes('ÉCOLEécole', mixed)).toEqual([]);
    expect(codes('école-élève', mixed)).toEqual(['mixed_case_required']);
  });

  it('does not require mixed case by default', () => {
    expect(codes('alllowercase')).toEqual([]);
  });

  it('requires a character that is neither letter nor digit when asked (special_char_required)', () => {
    expect(codes('Letters123', special)).toEqual(['special_char_required']);
    expect(codes('Letters123!', special)).toEqual([]);
    expect(codes('Letters 123', special)).toEqual([]);
    expect(codes('Letters123😀', special)).toEqual([]);
  });

  it('does not count non-ASCII letters or digits as special', () => {
    expect(codes('ÄÖÜäöüßé١٢٣', special)).toEqual(['special_char_required']);
  });
});

describe('password policy: user information', () => {
  const rules = { ...baselinePasswordRules, forbidUserInfo: true };

  it('rejects the email local part (contains_user_info)', () => {
    expect(codes('my-jane.doe-pass', rules)).toEqual(['contains_user_info']);
  });

  it('rejects parts of the local part and of the name', () => {
    expect(codes('xxjanexxyy', rules)).toEqual(['contains_user_info']);
    expect(codes('xxdoexxyyy', rules)).toEqual(['contains_user_info']);
  });

  it('rejects the domain name', () => {
    expect(codes('welcome-to-acme', rules)).toEqual(['contains_user_info']);
  });

  it('matches case-insensitively', () => {
    expect(codes('XXJANEXXYY', rules)).toEqual(['contains_user_info']);
    expect(codes('ACMEacme12', rules)).toEqual(['contains_user_info']);
    expect(passwordViolations('hunter-bob-22', rules, { email: 'x@y.example', name: 'BOB Smith' })[0]?.code).toBe('contains_user_info');
  });

  it('ignores parts shorter than three characters', () => {
    // "Q" (name) and "ex" are too short to count.
    expect(codes('qqqq-zzzz-yyyy', rules)).toEqual([]);
  });

  it('allows user information when the rule is off', () => {
    expect(codes('jane.doe@acme')).toEqual([]);
  });

  it('lists the parts it checks, lower-cased and without duplicates', () => {
    const tokens = userInfoTokens({ email: 'Jane.Doe@Acme.example', name: 'Jane Doe' });
    expect(new Set(tokens)).toEqual(new Set(['jane.doe', 'jane', 'doe', 'acme']));
    expect(tokens.length).toBe(new Set(tokens).size);
  });
});

describe('password policy: common passwords and combined violations', () => {
  it('asks the common-password lookup and reports common_password', () => {
    const seen: string[] = [];
    const isCommon = (p: string) => (seen.push(p), p === 'password123');
    expect(codes('password123', baselinePasswordRules, isCommon)).toEqual(['common_password']);
    expect(seen).toEqual(['password123']);
    expect(codes('uncommon-one', baselinePasswordRules, isCommon)).toEqual([]);
  });

  it('refuses a common password with digits or symbols added around it, whatever its case, and says it is too common', () => {
    const list = new Set(['password', 'sunshine', 'qaz2wsx', 'iloveyou']);
    const isCommon = (p: string) => list.has(p.toLowerCase());
    for (const p of ['Password123!', 'PASSWORD1', '!!Sunshine2026', '2024sunshine', '1qaz2wsx!', 'ILoveYou#1', '123Password']) {
      const v = passwordViolations(p, baselinePasswordRules, user, isCommon);
      expect(
        v.map((x) => x.code),
        p,
      ).toEqual(['common_password']);
      expect(v[0]!.message, p).toMatch(/^This password is too common/);
    }
  });

  it('passes a strong password whose letters are not a common password, and one without letters to strip', () => {
    const isCommon = (p: string) => ['password', 'sunshine', 'go'].includes(p.toLowerCase());
    for (const p of [
      'correct horse battery staple',
      'x7#Lq9!vZ2@m',
      'Pass-word-2026!',
      'sunshine-over-the-harbour',
      '83920174!',
      '27!Go#@9931',
    ])
      expect(codes(p, baselinePasswordRules, isCommon), p).toEqual([]);
  });

  it('names the stem it looks up: the letters with the digits and symbols around them taken away, lower-cased', () => {
    expect(commonPasswordStem('Password123!')).toBe('password');
    expect(commonPasswordStem('  !Sunshine 2026 ')).toBe('sunshine');
    expect(commonPasswordStem('1qaz2wsx')).toBe('qaz2wsx');
    expect(commonPasswordStem('Ünïcödé!')).toBe('ünïcödé');
    expect(commonPasswordStem('12345678')).toBe('');
  });

  it('lists every rule a password breaks, each once, with a message', () => {
    const v = passwordViolations('jane', strict, user, () => true);
    expect(v.map((x) => x.code)).toEqual([
      'too_short',
      'mixed_case_required',
      'special_char_required',
      'contains_user_info',
      'common_password',
    ]);
    for (const x of v) expect(x.message.length).toBeGreaterThan(0);
  });

  it('reports too_long together with the other rules', () => {
    expect(codes('a'.repeat(PASSWORD_MAX_LENGTH + 1), strict)).toEqual(['too_long', 'mixed_case_required', 'special_char_required']);
  });

  it('accepts a password that satisfies every strict rule', () => {
    expect(codes('Correct-Horse-Battery', strict)).toEqual([]);
  });
});

describe('password policy: strict rules only ever add requirements (property)', () => {
  const strictRules = fc.record({
    minLength: fc.integer({ min: 0, max: 64 }),
    requireMixedCase: fc.boolean(),
    requireSpecialChar: fc.boolean(),
    forbidUserInfo: fc.boolean(),
  });
  const password = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: fc.constantFrom('a', 'B', '1', '!', '😀', 'é', 'j', 'n', 'e'), maxLength: 20 }),
  );
  const who = fc.record({ email: fc.emailAddress(), name: fc.string({ maxLength: 20 }) });

  it('a password that passes any rule set also passes the baseline rules', () => {
    fc.assert(
      fc.property(password, strictRules, who, (pw, rules, u) => {
        fc.pre(passwordViolations(pw, rules, u).length === 0);
        expect(passwordViolations(pw, baselinePasswordRules, u)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('the baseline rejects exactly the passwords shorter than the floor or longer than the maximum', () => {
    fc.assert(
      fc.property(password, who, (pw, u) => {
        const n = [...pw].length;
        const ok = n >= PASSWORD_MIN_FLOOR && n <= PASSWORD_MAX_LENGTH;
        expect(passwordViolations(pw, baselinePasswordRules, u).length === 0).toBe(ok);
      }),
      { numRuns: 1000 },
    );
  });
});
