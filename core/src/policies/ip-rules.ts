/**
 * IP access rules: exact IPv4/IPv6 addresses, IPv4 wildcards (`203.0.113.*`, `10.*.*.*`) and CIDR
 * ranges (`10.0.0.0/8`, `2001:db8::/32`). IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) match IPv4
 * rules. Pure functions; addresses are compared as integers, never as strings.
 */

export interface IpRule {
  /** The rule as written by the owner. */
  readonly source: string;
  readonly family: 4 | 6;
  /** Network address and prefix length; a wildcard `a.b.*.*` is `a.b.0.0/16`. */
  readonly network: bigint;
  readonly prefix: number;
}

const parseIpv4 = (s: string): bigint | null => {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith('0'))) return null;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
};

const parseIpv6 = (input: string): bigint | null => {
  let s = input;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.includes(':::')) return null;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    // Embedded IPv4 (`::ffff:10.0.0.1`): rewrite its four bytes as two hex groups.
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1) + (v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const toGroups = (h: string): number[] | null => {
    if (h === '') return [];
    const gs = h.split(':');
    if (gs.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
    return gs.map((g) => parseInt(g, 16));
  };
  const head = toGroups(halves[0]!);
  const rest = halves.length === 2 ? toGroups(halves[1]!) : [];
  if (!head || !rest) return null;
  const given = [...head, ...rest];
  let groups: number[];
  if (halves.length === 2) {
    if (given.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - given.length).fill(0), ...rest];
  } else {
    if (given.length !== 8) return null;
    groups = given;
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
};

/** An address as family + integer; IPv4-mapped IPv6 becomes IPv4. Null when not an address. */
export const parseIp = (s: string): { family: 4 | 6; value: bigint } | null => {
  const t = s.trim();
  const v4 = parseIpv4(t);
  if (v4 !== null) return { family: 4, value: v4 };
  if (!t.includes(':')) return null;
  const v6 = parseIpv6(t);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
};

const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);
const mask = (family: 4 | 6, prefix: number) => (prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits(family) - prefix));

/** Parses one rule; null when it is not a valid address, wildcard or CIDR range. */
export const parseIpRule = (source: string): IpRule | null => {
  const s = source.trim();
  if (s.includes('*')) {
    const parts = s.split('.');
    if (parts.length !== 4) return null;
    const firstStar = parts.indexOf('*');
    if (firstStar <= 0 || parts.slice(firstStar).some((p) => p !== '*')) return null;
    const net = parseIpv4(parts.map((p) => (p === '*' ? '0' : p)).join('.'));
    return net === null ? null : { source, family: 4, network: net, prefix: firstStar * 8 };
  }
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const addr = parseIp(s.slice(0, slash));
    const p = s.slice(slash + 1);
    if (!addr || !/^\d{1,3}$/.test(p)) return null;
    const mapped = addr.family === 4 && s.includes(':');
    let prefix = Number(p);
    if (mapped) prefix -= 96;
    if (prefix < 0 || prefix > bits(addr.family)) return null;
    return { source, family: addr.family, network: addr.value & mask(addr.family, prefix), prefix };
  }
  const addr = parseIp(s);
  return addr ? { source, family: addr.family, network: addr.value, prefix: bits(addr.family) } : null;
};

export const ipMatchesRule = (ip: string, rule: IpRule): boolean => {
  const a = parseIp(ip);
  if (!a || a.family !== rule.family) return false;
  return (a.value & mask(rule.family, rule.prefix)) === rule.network;
};

/** Whether `ip` matches any rule. An unparsable address matches nothing. */
export const ipMatchesAny = (ip: string, rules: readonly IpRule[]): boolean => rules.some((r) => ipMatchesRule(ip, r));
