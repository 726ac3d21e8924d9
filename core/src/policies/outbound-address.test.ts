import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOutboundUrl, forbiddenAddressReason } from './outbound-address.js';

const LOOPBACK_OK = { allowLoopback: true };

describe('forbiddenAddressReason', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['fd00:ec2::254', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::', 'unspecified'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::10.0.0.1', 'IPv4-compatible'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:0a00:0001::1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['not-an-ip', 'not an IP address'],
  ])('refuses %s (%s)', (ip, what) => {
    expect(forbiddenAddressReason(ip)).toContain(what);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:0808:0808::1',
    '172.32.0.1',
    '100.128.0.1',
  ])('allows the public address %s', (ip) => {
    expect(forbiddenAddressReason(ip)).toBeNull();
  });

  it('allows loopback only when the operator allows it, and nothing else private with it', () => {
    expect(forbiddenAddressReason('127.0.0.1', LOOPBACK_OK)).toBeNull();
    expect(forbiddenAddressReason('::1', LOOPBACK_OK)).toBeNull();
    expect(forbiddenAddressReason('::ffff:127.0.0.2', LOOPBACK_OK)).toBeNull();
    expect(forbiddenAddressReason('10.0.0.1', LOOPBACK_OK)).toContain('private');
    expect(forbiddenAddressReason('169.254.169.254', LOOPBACK_OK)).toContain('link-local');
  });

  it('judges an IPv4-mapped IPv6 address exactly as its IPv4 address (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        expect(forbiddenAddressReason(`::ffff:${v4}`) === null).toBe(forbiddenAddressReason(v4) === null);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every address of the private ranges (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (a, b, c) => {
        expect(forbiddenAddressReason(`10.${a}.${b}.${c}`)).not.toBeNull();
        expect(forbiddenAddressReason(`192.168.${a}.${b}`)).not.toBeNull();
        expect(forbiddenAddressReason(`172.${16 + (a % 16)}.${b}.${c}`)).not.toBeNull();
        expect(forbiddenAddressReason(`169.254.${a}.${b}`)).not.toBeNull();
      }),
    );
  });
});

describe('checkOutboundUrl', () => {
  it('accepts https URLs to public names and addresses', () => {
    expect(checkOutboundUrl('https://hooks.example.com/parley?x=1')).toBeNull();
    expect(checkOutboundUrl('https://93.184.215.14:8443/in')).toBeNull();
    expect(checkOutboundUrl('https://[2606:4700:4700::1111]/in')).toBeNull();
    expect(checkOutboundUrl('https://hooks.example.com./in')).toBeNull();
    expect(checkOutboundUrl('https://hooks.example.com/in?to=mail@example.com')).toBeNull();
  });

  it.each([
    ['hooks.example.com/x', 'invalid_url'],
    ['not a url', 'invalid_url'],
    ['', 'invalid_url'],
    ['http://hooks.example.com/x', 'insecure_url'],
    ['ftp://hooks.example.com/x', 'insecure_url'],
    ['javascript:alert(1)', 'insecure_url'],
    ['file:///etc/passwd', 'insecure_url'],
    ['https://user:pass@hooks.example.com/', 'url_credentials'],
    ['https://10.0.0.5/hook', 'forbidden_address'],
    ['https://169.254.169.254/latest/meta-data', 'forbidden_address'],
    ['https://[fd00:ec2::254]/', 'forbidden_address'],
    ['https://[::ffff:169.254.169.254]/', 'forbidden_address'],
    ['https://[::ffff:7f00:1]/', 'forbidden_address'],
    ['https://127.0.0.1/', 'forbidden_address'],
    ['https://localhost/', 'forbidden_address'],
    ['https://api.localhost/', 'forbidden_address'],
    // Numbers the WHATWG parser (and so Node's client) reads as IPv4 addresses.
    ['https://2130706433/', 'forbidden_address'],
    ['https://0x7f000001/', 'forbidden_address'],
    ['https://017700000001/', 'forbidden_address'],
    ['https://0177.0.0.1/', 'forbidden_address'],
    ['https://0xa9.0xfe.0xa9.0xfe/', 'forbidden_address'],
    ['https://167772161/', 'forbidden_address'],
    ['https://10.1/', 'forbidden_address'],
    // A fully qualified name ends with a dot, and means the same host.
    ['https://localhost./', 'forbidden_address'],
    ['https://foo.localhost./', 'forbidden_address'],
    ['https://LOCALHOST../', 'forbidden_address'],
    ['https://127.0.0.1./', 'forbidden_address'],
    // What the WHATWG parser would quietly repair or reinterpret: refused, not guessed at.
    ['https://hooks.exam\r\nple.com/', 'invalid_url'],
    ['https://hooks.example.com/a\tb', 'invalid_url'],
    ['https://hooks.example.com/a b', 'invalid_url'],
    ['https:///hooks.example.com/path', 'invalid_url'],
    ['https:hooks.example.com/path', 'invalid_url'],
    ['https:\\\\hooks.example.com\\path', 'invalid_url'],
    ['https://:@hooks.example.com/', 'url_credentials'],
    ['https://@hooks.example.com/', 'url_credentials'],
  ])('refuses %s with %s', (url, code) => {
    expect(checkOutboundUrl(url)?.code).toBe(code);
  });

  it('allows plain http and https to loopback only when the operator allows loopback', () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost:3000/',
      'http://localhost.:3000/',
      'http://[::1]:9/',
      'https://127.0.0.1/',
    ]) {
      expect(checkOutboundUrl(url, LOOPBACK_OK), url).toBeNull();
      expect(checkOutboundUrl(url), url).not.toBeNull();
    }
    expect(checkOutboundUrl('http://hooks.example.com/', LOOPBACK_OK)?.code).toBe('insecure_url');
    // A private address is refused as such over http too: https would not make it allowed.
    expect(checkOutboundUrl('http://10.0.0.1/', LOOPBACK_OK)).toEqual({
      code: 'forbidden_address',
      message: expect.stringMatching(/^Refused: 10\.0\.0\.1 is /),
    });
    expect(checkOutboundUrl('https://10.0.0.1/', LOOPBACK_OK)?.code).toBe('forbidden_address');
  });
});
