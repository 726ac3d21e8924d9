import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrustProxy } from './request.js';
import { testApp } from './testing/index.js';

/** A built widget folder as `ui/widget`'s build writes it, made by the test. */
const dir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'loader.js'), 'console.log("loader");\n');
writeFileSync(
  join(dir, 'frame.html'),
  '<!doctype html><html><head><script type="module" src="assets/frame-3f9a1c2b.js"></script></head><body></body></html>\n',
);
writeFileSync(join(dir, 'assets', 'frame-3f9a1c2b.js'), 'console.log("frame");\n');
writeFileSync(join(dir, 'assets', 'frame-5d0e4a71.css'), 'body{margin:0}\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const setup = async () => {
  const t = testApp({}, { ui: { widget: dir } });
  const o = await t.owner();
  const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  return { ...t, o, widget };
};

/** The strict headers every path but the widget's keeps. */
const expectStrict = (headers: Headers) => {
  expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
};

/** What customers' pages load or frame: loadable and frameable from other sites. */
const expectEmbeddable = (headers: Headers) => {
  expect(headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  expect(headers.get('x-frame-options')).toBeNull();
  expect(headers.get('x-content-type-options')).toBe('nosniff');
};

describe('the widget loader', () => {
  it('serves loader.js as JavaScript that any site may load, cached for five minutes', async () => {
    const t = await setup();
    const r = await t.call('GET', '/widget.js');
    expect(r.status).toBe(200);
    expect(r.text).toBe('console.log("loader");\n');
    expect(r.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(r.headers.get('cache-control')).toBe('public, max-age=300');
    expectEmbeddable(r.headers);
  });
});

describe('the widget frame', () => {
  it('serves frame.html as built, frameable by any site when the widget lists no origins', async () => {
    const t = await setup();
    const r = await t.call('GET', `/widget/frame?widget=${t.widget.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toContain('assets/frame-3f9a1c2b.js');
    expectEmbeddable(r.headers);
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/frame-ancestors \*$/);
  });

  it('lets only the widget’s allowed origins (and Parley’s own pages) frame it', async () => {
    const t = await setup();
    await t.call(
      'PATCH',
      `/api/v1/widgets/${t.widget.id}`,
      { settings: { allowedOrigins: ['https://shop.example.com', 'https://www.example.org'] } },
      t.o.token,
    );
    const r = await t.call('GET', `/widget/frame?widget=${t.widget.id}`);
    expect(r.headers.get('content-security-policy')).toMatch(
      /frame-ancestors 'self' https:\/\/shop\.example\.com https:\/\/www\.example\.org$/,
    );
    expect(r.headers.get('x-frame-options')).toBeNull();
  });

  it('answers a 404 page for an unknown or missing widget', async () => {
    const t = await setup();
    for (const q of ['?widget=nope', '', '?widget=%22%3E%3Cscript%3E']) {
      const r = await t.call('GET', `/widget/frame${q}`);
      expect(r.status, q).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.text).not.toContain('<script');
    }
  });

  it('serves the hashed assets for a year, and 404 for anything else', async () => {
    const t = await setup();
    const js = await t.call('GET', '/widget/assets/frame-3f9a1c2b.js');
    expect(js.status).toBe(200);
    expect(js.text).toBe('console.log("frame");\n');
    expect(js.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectEmbeddable(js.headers);
    const css = await t.call('GET', '/widget/assets/frame-5d0e4a71.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    for (const p of ['/widget/assets/frame-00000000.js', '/widget/assets/..%2Floader.js', '/widget/assets/%2E%2E%2Fframe.html']) {
      const r = await t.call('GET', p);
      expect(r.status, p).toBe(404);
      expect(r.headers.get('cache-control') ?? '').not.toContain('immutable');
    }
  });
});

describe('security headers by path', () => {
  it('keeps the strict headers on the API, the monitor page and the demo page', async () => {
    const t = await setup();
    expectStrict((await t.call('GET', '/api/v1/widgets', undefined, t.o.token)).headers);
    expectStrict((await t.call('GET', `/api/v1/widgets/${t.widget.id}/config`)).headers);
    expectStrict((await t.call('GET', '/monitor')).headers);
    expectStrict((await t.call('GET', `/demo/${t.widget.id}`)).headers);
    expectStrict((await t.call('GET', '/widgets.js')).headers);
  });
});

describe('the demo page', () => {
  it('embeds the widget’s snippet under a strict policy that runs nothing but the loader', async () => {
    const t = await setup();
    const r = await t.call('GET', `/demo/${t.widget.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toContain(`<script async src="http://localhost/widget.js" data-widget="${t.widget.id}"></script>`);
    expect(r.text.match(/<script/g)).toHaveLength(1); // the snippet; the one shown is escaped
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    // Its one inline style is allowed by its hash, and it carries Parley's icon.
    const style = /<style>([^<]*)<\/style>/.exec(r.text)![1]!;
    expect(csp).toContain(`style-src 'self' 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(r.text).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
  });

  it('answers a 404 page for an unknown widget', async () => {
    const t = await setup();
    const r = await t.call('GET', '/demo/nope');
    expect(r.status).toBe(404);
    expect(r.text).not.toContain('<script');
  });
});

describe('the embed snippet', () => {
  it('gives those who may read the widget the snippet with this server’s address', async () => {
    const t = await setup();
    const r = await t.call('GET', `/api/v1/widgets/${t.widget.id}/snippet`, undefined, t.o.token);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ html: `<script async src="http://localhost/widget.js" data-widget="${t.widget.id}"></script>` });
    const agent = await t.member(t.o.token, 'agent'); // serves no widget
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/snippet`, undefined, agent.token)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/snippet`)).status).toBe(401);
  });
});

describe('behind a proxy that ends TLS', () => {
  it('gives the https address when a trusted proxy says so, and ignores the header from anyone else', async () => {
    const viaProxy = testApp({}, { ui: { widget: dir }, trustProxy: parseTrustProxy('loopback').trust, peerAddress: () => '127.0.0.1' });
    const direct = testApp({}, { ui: { widget: dir }, trustProxy: parseTrustProxy('loopback').trust, peerAddress: () => '203.0.113.9' });
    for (const [t, scheme] of [
      [viaProxy, 'https'],
      [direct, 'http'],
    ] as const) {
      const o = await t.owner();
      const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
      const r = await t.call('GET', `/api/v1/widgets/${widget.id}/snippet`, undefined, o.token, { 'x-forwarded-proto': 'https' });
      expect(r.json.html).toContain(`src="${scheme}://localhost/widget.js"`);
      expect((await t.call('GET', `/demo/${widget.id}`, undefined, undefined, { 'x-forwarded-proto': 'https' })).text).toContain(
        `src="${scheme}://localhost/widget.js"`,
      );
    }
  });
});

describe('without a widget folder', () => {
  it('has no widget route at all', async () => {
    const t = testApp();
    const o = await t.owner();
    const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
    for (const p of ['/widget.js', `/widget/frame?widget=${widget.id}`, '/widget/assets/frame-3f9a1c2b.js', `/demo/${widget.id}`]) {
      const r = await t.call('GET', p);
      expect(r.status, p).toBe(404);
      expect(r.json.code).toBe('route_not_found');
    }
    expect((await t.call('GET', `/api/v1/widgets/${widget.id}/snippet`, undefined, o.token)).status).toBe(404);
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    expect(doc.paths['/widget.js']).toBeUndefined();
  });

  it('refuses to start with a folder that has no built widget, naming the missing file', () => {
    const empty = mkdtempSync(join(tmpdir(), 'parley-widget-empty-'));
    try {
      expect(() => testApp({}, { ui: { widget: empty } })).toThrow(/has no loader\.js/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('documents the widget routes when it serves them', async () => {
    const t = await setup();
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    for (const p of [
      '/widget.js',
      '/widget/frame',
      '/widget/assets/{name}',
      '/demo/{widgetId}',
      '/api/v1/widgets/{id}/snippet',
      '/api/v1/widgets/{id}/config',
    ])
      expect(doc.paths[p], p).toBeDefined();
  });
});
