import { ipMatchesRule, parseIp, parseIpRule, type IpRule } from './ip-rules.js';

/**
 * Where Parley may send webhooks and CRM calls. User-supplied URLs must not reach the server's own
 * network: private, loopback, link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254), CGNAT,
 * unique-local, multicast and reserved ranges are refused. The HTTP adapter applies
 * {@link forbiddenAddressReason} to every address a name resolves to, at connect time; the core applies
 * {@link checkOutboundUrl} when a URL is saved, to refuse literal addresses early.
 */

const rules = (list: readonly [string, string][]): { rule: IpRule; what: string }[] =>
  list.map(([cidr, what]) => {
    const rule = parseIpRule(cidr);
    if (!rule) throw new Error(`bad built-in range ${cidr}`);
    return { rule, what };
  });

/** Loopback: allowed only when the operator allows it (development, tests). */
const LOOPBACK = rules([
  ['127.0.0.0/8', 'a loopback address'],
  ['::1/128', 'a loopback address'],
]);

const FORBIDDEN = rules([
  ['0.0.0.0/8', 'a "this network" address'],
  ['10.0.0.0/8', 'a private address'],
  ['100.64.0.0/10', 'a carrier-grade NAT address'],
  ['169.254.0.0/16', 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0/12', 'a private address'],
  ['192.0.0.0/24', 'an IETF protocol address'],
  ['192.0.2.0/24', 'a documentation address'],
  ['192.88.99.0/24', 'a 6to4 relay address'],
  ['192.168.0.0/16', 'a private address'],
  ['198.18.0.0/15', 'a benchmarking address'],
  ['198.51.100.0/24', 'a documentation address'],
  ['203.0.113.0/24', 'a documentation address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved address'],
  ['::/128', 'the unspecified address'],
  ['::/96', 'an IPv4-compatible IPv6 address'],
  ['64:ff9b:1::/48', 'a local NAT64 address'],
  ['100::/64', 'a discard address'],
  ['2001::/32', 'a Teredo address'],
  ['2001:db8::/32', 'a documentation address'],
  ['fc00::/7', 'a unique-local address (cloud metadata fd00:ec2::254 lives here)'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a site-local address'],
  ['ff00::/8', 'a multicast address'],
]);

/** IPv6 ranges that embed an IPv4 address, which must itself be allowed. */
const NAT64 = parseIpRule('64:ff9b::/96')!;
const SIX_TO_FOUR = parseIpRule('2002::/16')!;

const v4Text = (n: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');

export interface OutboundPolicy {
  /** Allow loopback addresses (and with them plain http to loopback). Off by default. */
  readonly allowLoopback: boolean;
}

export const STRICT_OUTBOUND: OutboundPolicy = { allowLoopback: false };

/**
 * Why Parley must not connect to `ip`, or null when it may. IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is
 * judged as the IPv4 address it maps; NAT64 and 6to4 addresses by the IPv4 address they embed. Anything
 * that does not parse as an address is refused.
 */
export const forbiddenAddressReason = (ip: string, policy: OutboundPolicy = STRICT_OUTBOUND): string | null => {
  const parsed = parseIp(ip);
  if (!parsed) return `${ip} is not an IP address`;
  const canonical = parsed.family === 4 ? v4Text(parsed.value) : ip;
  if (LOOPBACK.some((r) => ipMatchesRule(canonical, r.rule))) return policy.allowLoopback ? null : `${ip} is a loopback address`;
  const hit = FORBIDDEN.find((r) => ipMatchesRule(canonical, r.rule));
  if (hit) return `${ip} is ${hit.what}`;
  if (parsed.family === 6) {
    if (ipMatchesRule(canonical, NAT64)) {
      const inner = forbiddenAddressReason(v4Text(parsed.value & 0xffffffffn), policy);
      return inner ? `${ip} embeds ${inner}` : null;
    }
    if (ipMatchesRule(canonical, SIX_TO_FOUR)) {
      const inner = forbiddenAddressReason(v4Text((parsed.value >> 80n) & 0xffffffffn), policy);
      return inner ? `${ip} embeds ${inner}` : null;
    }
  }
  return null;
};

export interface UrlProblem {
  readonly code: 'invalid_url' | 'insecure_url' | 'forbidden_address' | 'url_credentials';
  readonly message: string;
}

/** The URL's host without IPv6 brackets. */
export const hostOf = (u: URL): string => u.hostname.replace(/^\[(.*)\]$/, '$1');

/** A DNS name with its trailing dots removed: `localhost.` is the fully qualified form of `localhost`. */
const withoutTrailingDots = (name: string): string => {
  let end = name.length;
  while (end > 0 && name[end - 1] === '.') end--;
  return name.slice(0, end);
};

const isLoopbackName = (host: string): boolean => {
  const name = withoutTrailingDots(host.toLowerCase());
  return name === 'localhost' || name.endsWith('.localhost');
};

/**
 * Spaces and control characters. The WHATWG parser drops tabs and line breaks silently and encodes
 * spaces, so a URL holding them would be saved as one thing and mean another.
 */
const SPACE_OR_CONTROL = /[\0-\x20\x7f]/;
/** `scheme://` and then the authority: `https:///path`, `https:host` and `https:\\host` parse, but name their host by accident. */
const EXPLICIT_AUTHORITY = /^[a-z][a-z\d+.-]*:\/\/[^/\\]/i;
/** The authority as written (up to the first `/`, `?`, `#` or `\`). */
const rawAuthority = (raw: string): string => raw.slice(raw.indexOf('//') + 2).split(/[/?#\\]/, 1)[0]!;

/**
 * Checks a user-supplied outbound URL before it is saved: it must be written out in full
 * (`https://host/...`, no spaces or control characters), parse, use https (plain http only to loopback,
 * and only when the policy allows loopback), carry no credentials (not even an empty `:@`), and not name
 * a forbidden address literally or a loopback name (`localhost`, `*.localhost`, with or without the
 * trailing dot). Hosts written as decimal, octal or hex numbers (`http://2130706433/`) are read the way
 * the WHATWG URL parser (and so Node's HTTP client) reads them: as the IPv4 address they denote. Names
 * are checked again when they are resolved, at connect time. A URL that passes is saved as its WHATWG
 * serialisation (`new URL(raw).href`).
 */
export const checkOutboundUrl = (raw: string, policy: OutboundPolicy = STRICT_OUTBOUND): UrlProblem | null => {
  if (SPACE_OR_CONTROL.test(raw)) return { code: 'invalid_url', message: 'A URL holds no spaces or control characters.' };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { code: 'invalid_url', message: 'Not a valid absolute URL.' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    return { code: 'insecure_url', message: `Use https:// (${u.protocol} is not allowed).` };
  if (!EXPLICIT_AUTHORITY.test(raw)) return { code: 'invalid_url', message: 'Write the URL as https://host/path.' };
  if (u.username || u.password || rawAuthority(raw).includes('@'))
    return { code: 'url_credentials', message: 'Put no user name or password in the URL.' };
  const host = hostOf(u);
  if (!host) return { code: 'invalid_url', message: 'The URL names no host.' };
  const literal = parseIp(host);
  const loopback = literal ? LOOPBACK.some((r) => ipMatchesRule(host, r.rule)) : isLoopbackName(host);
  // Where first, how second: a private address is refused as such, whatever the scheme (https would not help).
  if (literal) {
    const reason = forbiddenAddressReason(host, policy);
    if (reason) return { code: 'forbidden_address', message: `Refused: ${reason}.` };
  } else if (loopback && !policy.allowLoopback) {
    return { code: 'forbidden_address', message: `Refused: ${host} is a loopback name.` };
  }
  if (u.protocol === 'http:' && !(loopback && policy.allowLoopback))
    return { code: 'insecure_url', message: 'Use https:// (plain http is allowed only to loopback, when the operator enables it).' };
  return null;
};
