import { describe, expect, it } from 'vitest';
import { normaliseOrigin, originAllowed } from './embed-origin.js';

describe('normaliseOrigin', () => {
  it('gives the origin as browsers send it: lower case, default port dropped, no trailing slash', () => {
    expect(normaliseOrigin('https://Shop.Example.com')).toBe('https://shop.example.com');
    expect(normaliseOrigin(' https://shop.example.com/ ')).toBe('https://shop.example.com');
    expect(normaliseOrigin('https://shop.example.com:443')).toBe('https://shop.example.com');
    expect(normaliseOrigin('http://localhost:8080')).toBe('http://localhost:8080');
    expect(normaliseOrigin('https://[::1]:8443')).toBe('https://[::1]:8443');
    expect(normaliseOrigin('https://bücher.example')).toBe('https://xn--bcher-kva.example');
  });

  it('refuses anything but an http(s) origin alone', () => {
    for (const s of [
      'https://a.example/x',
      'https://a.example/?',
      'https://a.example#',
      'https://u:p@a.example',
      'ftp://a.example',
      'null',
      '*',
      'a.example',
      'https://a b.example',
      '',
    ])
      expect(normaliseOrigin(s), s).toBeNull();
  });
});

describe('originAllowed', () => {
  it('lets any site embed a widget that lists no origins', () => {
    expect(originAllowed([], 'https://anyone.example')).toBe(true);
  });

  it('lets only listed sites embed it otherwise, comparing normalised origins', () => {
    const list = ['https://shop.example.com'];
    expect(originAllowed(list, 'https://shop.example.com')).toBe(true);
    expect(originAllowed(list, 'https://SHOP.example.com:443')).toBe(true);
    expect(originAllowed(list, 'http://shop.example.com')).toBe(false);
    expect(originAllowed(list, 'https://evil.example')).toBe(false);
    expect(originAllowed(list, 'null')).toBe(false);
  });
});
