import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipMatchesAny, ipMatchesRule, parseIp, parseIpRule } from './ip-rules.js';

const rule = (s: string) => {
  const r = parseIpRule(s);
  if (!r) throw new Error(`rule ${s} did not parse`);
  return r;
};

describe('parseIp', () => {
  it.each([
    ['1.2.3.4', 4, 0x01020304n],
    ['::1', 6, 1n],
    ['::', 6, 0n],
    ['2001:db8::1', 6, 0x20010db8000000000000000000000001n],
    ['1:2:3:4:5:6:7:8', 6, 0x00010002000300040005000600070008n],
    ['fe80::1%eth0', 6, 0xfe800000000000000000000000000001n],
    ['::ffff:10.0.0.1', 4, 0x0a000001n],
    ['::FFFF:0a00:0001', 4, 0x0a000001n],
  ])('reads %s', (s, family, value) => {
    expect(parseIp(s)).toEqual({ family, value });
  });

  it.each(['1.2.3', '01.2.3.4', '256.1.1.1', '2001:db8::1::2', '1:2:3:4:5:6:7:8:9', 'example.com', '', '1.2.3.4/8', ':::'])(
    'refuses %s',
    (s) => {
      expect(parseIp(s)).toBeNull();
    },
  );
});

describe('IP rules', () => {
  it('matches an exact IPv4 address and nothing else', () => {
    expect(ipMatchesRule('203.0.113.7', rule('203.0.113.7'))).toBe(true);
    expect(ipMatchesRule('203.0.113.8', rule('203.0.113.7'))).toBe(false);
  });

  it('matches trailing wildcards per octet', () => {
    expect(ipMatchesRule('203.0.113.200', rule('203.0.113.*'))).toBe(true);
    expect(ipMatchesRule('203.0.114.1', rule('203.0.113.*'))).toBe(false);
    expect(ipMatchesRule('10.250.3.4', rule('10.*.*.*'))).toBe(true);
    expect(ipMatchesRule('11.0.0.1', rule('10.*.*.*'))).toBe(false);
  });

  it('refuses wildcards that are not trailing whole octets', () => {
    for (const s of ['*.1.1.1', '1.*.3.*', '1.2.3.4*', '*.*.*.*', '10.*', '2001:db8::*']) expect(parseIpRule(s)).toBeNull();
  });

  it('matches CIDR ranges on both families', () => {
    expect(ipMatchesRule('10.200.0.1', rule('10.0.0.0/8'))).toBe(true);
    expect(ipMatchesRule('11.0.0.1', rule('10.0.0.0/8'))).toBe(false);
    expect(ipMatchesRule('2001:db8:ffff::5', rule('2001:db8::/32'))).toBe(true);
    expect(ipMatchesRule('2001:db9::5', rule('2001:db8::/32'))).toBe(false);
    expect(parseIpRule('10.0.0.0/33')).toBeNull();
    expect(parseIpRule('::/129')).toBeNull();
  });

  it('matches IPv4-mapped IPv6 client addresses against IPv4 rules', () => {
    expect(ipMatchesRule('::ffff:203.0.113.9', rule('203.0.113.*'))).toBe(true);
    expect(ipMatchesRule('::ffff:203.0.113.9', rule('203.0.113.0/24'))).toBe(true);
  });

  it('never matches across families or on garbage', () => {
    expect(ipMatchesRule('::1', rule('0.0.0.0/0'))).toBe(false);
    expect(ipMatchesRule('not-an-ip', rule('0.0.0.0/0'))).toBe(false);
    expect(ipMatchesAny('1.2.3.4', [])).toBe(false);
  });

  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));

  it('a /n range contains exactly the addresses sharing the first n bits (property)', () => {
    fc.assert(
      fc.property(ipv4, ipv4, fc.integer({ min: 0, max: 32 }), (a, b, n) => {
        const toInt = (x: number[]) => x.reduce((acc, o) => acc * 256 + o, 0);
        const shared = n === 0 || Math.floor(toInt(a) / 2 ** (32 - n)) === Math.floor(toInt(b) / 2 ** (32 - n));
        expect(ipMatchesRule(b.join('.'), rule(`${a.join('.')}/${n}`))).toBe(shared);
      }),
    );
  });

  it('a wildcard rule equals the CIDR range of its fixed octets (property)', () => {
    fc.assert(
      fc.property(ipv4, ipv4, fc.integer({ min: 1, max: 3 }), (a, b, fixed) => {
        const wildcard = [...a.slice(0, fixed), ...new Array(4 - fixed).fill('*')].join('.');
        const cidr = `${[...a.slice(0, fixed), ...new Array(4 - fixed).fill(0)].join('.')}/${fixed * 8}`;
        expect(ipMatchesRule(b.join('.'), rule(wildcard))).toBe(ipMatchesRule(b.join('.'), rule(cidr)));
        expect(ipMatchesRule(a.join('.'), rule(wildcard))).toBe(true);
      }),
    );
  });

  it('every IPv6 address matches itself written in full and compressed (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }), (groups) => {
        const full = groups.map((g) => g.toString(16)).join(':');
        const r = parseIp(full);
        expect(r).not.toBeNull();
        if (r!.family === 6) expect(ipMatchesRule(full, rule(full))).toBe(true);
      }),
    );
  });
});
