import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipAccessDecision } from './ip-access.js';

describe('ipAccessDecision', () => {
  it('lets everyone in when there are no rules', () => {
    expect(ipAccessDecision([], null)).toEqual({ allowed: true, reasons: ['no_rules'] });
    expect(ipAccessDecision([], '198.51.100.1').allowed).toBe(true);
  });

  it('allows a listed address, wildcard or range, and refuses any other', () => {
    const rules = ['203.0.113.*', '10.0.0.0/8', '2001:db8::1'];
    expect(ipAccessDecision(rules, '203.0.113.99')).toEqual({ allowed: true, reasons: ['matched'] });
    expect(ipAccessDecision(rules, '10.200.3.4').allowed).toBe(true);
    expect(ipAccessDecision(rules, '2001:db8:0:0::1').allowed).toBe(true);
    expect(ipAccessDecision(rules, '::ffff:10.1.1.1').allowed).toBe(true);
    expect(ipAccessDecision(rules, '198.51.100.1')).toEqual({ allowed: false, reasons: ['not_listed'] });
    expect(ipAccessDecision(rules, '2001:db8::2').allowed).toBe(false);
  });

  it('refuses an unknown client address when rules exist', () => {
    expect(ipAccessDecision(['10.0.0.0/8'], null)).toEqual({ allowed: false, reasons: ['unknown_address'] });
  });

  it('always allows an address listed exactly (property)', () => {
    const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
    fc.assert(
      fc.property(v4, fc.array(v4, { maxLength: 5 }), (ip, others) => {
        expect(ipAccessDecision([...others, ip], ip).allowed).toBe(true);
      }),
    );
  });
});
