import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselinePasswordRules, passwordViolations, type PasswordRules } from './password.js';
import { raisedRequirements } from './security-raise.js';

const rulesArb: fc.Arbitrary<PasswordRules> = fc.record({
  minLength: fc.integer({ min: 1, max: 24 }),
  requireMixedCase: fc.boolean(),
  requireSpecialChar: fc.boolean(),
  forbidUserInfo: fc.boolean(),
});
const user = { email: 'jane.doe@acme.example', name: 'Jane Doe' };
const passwordArb = fc.oneof(
  fc.string({ minLength: 0, maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('JaneDoe-2026!', 'correct horse battery', 'ACMEacme!!!!', 'Tr0ub4dor&3xyz'),
);

describe('raisedRequirements', () => {
  it('names each rule that got stricter', () => {
    expect(raisedRequirements(baselinePasswordRules, { ...baselinePasswordRules, minLength: 12, requireMixedCase: true })).toEqual([
      'minLength',
      'requireMixedCase',
    ]);
    expect(
      raisedRequirements(baselinePasswordRules, { minLength: 8, requireMixedCase: true, requireSpecialChar: true, forbidUserInfo: true }),
    ).toEqual(['requireMixedCase', 'requireSpecialChar', 'forbidUserInfo']);
  });

  it('does not count a change below the 8-character floor, or a relaxation', () => {
    expect(raisedRequirements({ ...baselinePasswordRules, minLength: 4 }, { ...baselinePasswordRules, minLength: 8 })).toEqual([]);
    expect(raisedRequirements({ ...baselinePasswordRules, minLength: 12, requireMixedCase: true }, baselinePasswordRules)).toEqual([]);
  });

  it('reports nothing only when every password the old rules accept is still accepted (property)', () => {
    fc.assert(
      fc.property(rulesArb, rulesArb, passwordArb, (before, after, password) => {
        const okBefore = passwordViolations(password, before, user).length === 0;
        const okAfter = passwordViolations(password, after, user).length === 0;
        if (raisedRequirements(before, after).length === 0 && okBefore) expect(okAfter).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reports a raise only when some password would now be refused (property)', () => {
    // For each raised rule there is a witness accepted before and refused after.
    const witness = (r: string, before: PasswordRules): string => {
      const len = Math.max(8, before.minLength);
      if (r === 'minLength') return 'aB1!x'.repeat(10).slice(0, len).padEnd(len, 'z');
      if (r === 'requireMixedCase') return 'q1!'.repeat(20).slice(0, Math.max(len, 9));
      if (r === 'requireSpecialChar') return 'Qz1'.repeat(20).slice(0, Math.max(len, 9));
      return `Jane!Q1${'x'.repeat(40)}`.slice(0, Math.max(len, 9));
    };
    fc.assert(
      fc.property(rulesArb, rulesArb, (before, after) => {
        for (const r of raisedRequirements(before, after)) {
          const pw = witness(r, {
            ...before,
            minLength: r === 'minLength' ? before.minLength : Math.max(before.minLength, after.minLength),
          });
          const relevantBefore = { ...before, [r]: r === 'minLength' ? before.minLength : false };
          const onlyThisRule = { ...relevantBefore, ...(r === 'minLength' ? { minLength: after.minLength } : { [r]: true }) };
          expect(passwordViolations(pw, relevantBefore, user)).toEqual([]);
          expect(passwordViolations(pw, onlyThisRule, user).length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
