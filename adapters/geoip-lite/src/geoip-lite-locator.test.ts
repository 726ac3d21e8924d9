import { EMPTY_GEO } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { countryName, GeoipLiteLocator, normaliseIp } from './geoip-lite-locator.js';

describe('GeoipLiteLocator', () => {
  // One locator for the file: the real database loads once (about 150 MB, a fraction of a second).
  const geo = new GeoipLiteLocator();

  it('locates public addresses offline, IPv4 and IPv6, with country name and time zone', async () => {
    const gb = await geo.locate('81.2.69.142');
    expect(gb).toMatchObject({ countryCode: 'GB', country: 'United Kingdom', timezone: 'Europe/London' });
    expect(typeof gb.latitude).toBe('number');
    expect(typeof gb.longitude).toBe('number');
    const de = await geo.locate('2a02:8108::1');
    expect(de).toMatchObject({ countryCode: 'DE', country: 'Germany', timezone: 'Europe/Berlin' });
    expect(await geo.locate('::ffff:81.2.69.142')).toEqual(gb);
  });

  it('gives empty fields for private, loopback, malformed and missing addresses', async () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '::1', 'not an ip', '', null])
      expect(await geo.locate(ip)).toEqual(EMPTY_GEO);
  });

  it('gives empty fields, never an error, when the database cannot be loaded', async () => {
    const broken = new GeoipLiteLocator({ load: async () => Promise.reject(new Error('no data')) });
    expect(await broken.locate('81.2.69.142')).toEqual(EMPTY_GEO);
    const odd = new GeoipLiteLocator({ load: async () => ({ lookup: () => ({ country: 'AA', ll: [Number.NaN, 1] }) }) });
    expect(await odd.locate('1.2.3.4')).toMatchObject({ countryCode: 'AA', country: null, latitude: null, longitude: 1, city: null });
  });

  it('names countries and unwraps IPv4-mapped addresses', () => {
    expect(countryName('us')).toBe('United States');
    expect(normaliseIp('::FFFF:1.2.3.4')).toBe('1.2.3.4');
    expect(normaliseIp('fe80::1%eth0')).toBe('fe80::1');
  });
});
