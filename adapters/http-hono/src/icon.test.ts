import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

const ICON = readFileSync(createRequire(import.meta.url).resolve('@parley/design/icon.svg'), 'utf8');

describe('Parley’s icon', () => {
  it('is served where pages link it and where browsers look for it unasked, without a UI folder too', async () => {
    const { app } = testApp();
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const res = await app.request(path);
      expect([path, res.status, res.headers.get('content-type'), await res.text()]).toEqual([path, 200, 'image/svg+xml', ICON]);
      expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    }
  });

  it('is drawn for light and dark browser themes', () => {
    expect(ICON).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(ICON).toContain('@media (prefers-color-scheme: dark)');
  });

  it('is linked by the monitor page', async () => {
    const { app } = testApp();
    for (const path of ['/monitor', '/monitor/s/some-token-value-1234567890'])
      expect(await (await app.request(path)).text()).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
  });
});
