import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { reuseCandidates, reuseDecision, withCurrentPassword, type UsedPassword } from './password-reuse.js';

/** Ten passwords p9 (newest, set 2026-10-01) ... p0 (set 2026-01-01), one a month. */
const history: UsedPassword[] = Array.from({ length: 10 }, (_, i) => ({
  passwordHash: `h:p${9 - i}`,
  setAt: new Date(Date.UTC(2026, 9 - i, 1)).toISOString(),
}));
const hashes = (xs: readonly UsedPassword[]) => xs.map((x) => x.passwordHash);

describe('reuseCandidates', () => {
  const now = new ManualClock('2026-10-15T00:00:00.000Z').now();

  it('checks nothing when reuse is off', () => {
    expect(reuseCandidates({ mode: 'off', value: null }, history, now)).toEqual([]);
  });

  it('checks the last N passwords, the current one included', () => {
    expect(hashes(reuseCandidates({ mode: 'lastN', value: 5 }, history, now))).toEqual(['h:p9', 'h:p8', 'h:p7', 'h:p6', 'h:p5']);
  });

  it('checks every password in use during the last M months, including the one current at the cutoff', () => {
    // Cutoff 2026-04-15: p3 (set 1 April) was current then; p2 was replaced before it.
    expect(hashes(reuseCandidates({ mode: 'months', value: 6 }, history, now))).toEqual([
      'h:p9',
      'h:p8',
      'h:p7',
      'h:p6',
      'h:p5',
      'h:p4',
      'h:p3',
    ]);
    expect(hashes(reuseCandidates({ mode: 'months', value: 1 }, history, now))).toEqual(['h:p9', 'h:p8']);
  });

  it('in months mode always includes the current password, however old (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 6, 12), fc.integer({ min: 0, max: 5000 }), (months, daysLater) => {
        const later = new Date(Date.parse('2026-10-01T00:00:00.000Z') + daysLater * 86_400_000);
        expect(reuseCandidates({ mode: 'months', value: months }, history, later)[0]).toEqual(history[0]);
      }),
    );
  });
});

describe('withCurrentPassword', () => {
  it('adds the current password when history lacks it, and only then', () => {
    const current = { passwordHash: 'h:legacy', passwordChangedAt: '2020-01-01T00:00:00.000Z' };
    expect(withCurrentPassword([], current)).toEqual([{ passwordHash: 'h:legacy', setAt: current.passwordChangedAt }]);
    expect(withCurrentPassword(history, { passwordHash: 'h:p9', passwordChangedAt: history[0]!.setAt })).toEqual(history);
  });
});

describe('reuseDecision', () => {
  it('refuses a password that matches a candidate, with a reason', () => {
    const candidates = history.slice(0, 5);
    expect(reuseDecision(candidates, (h) => h === 'h:p6')).toEqual({ allowed: false, reasons: ['recently_used'] });
    expect(reuseDecision(candidates, (h) => h === 'h:p0')).toEqual({ allowed: true, reasons: [] });
  });
});
