import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Context } from 'hono';
import { z } from 'zod';
import { idParams, type Api } from './api.js';
import type { HttpAppContext } from './context.js';
import { problemResponse } from './problem.js';
import { ICON_LINK } from './routes/icon.js';
import * as docs from './widget-ui.docs.js';

/**
 * Hosting of the visitor widget's built files (`ui/widget/dist`): the loader a website owner embeds
 * (`/widget.js`), the page of the chat frame it creates (`/widget/frame`), the frame's content-hashed
 * assets (`/widget/assets/*`), and a demo page that embeds the snippet (`/demo/:widgetId`).
 *
 * The loader runs on customers' pages and the frame is framed by them, so these paths get embeddable
 * security headers (`Cross-Origin-Resource-Policy: cross-origin`, no `X-Frame-Options`; see
 * {@link isEmbeddablePath}); which sites may frame the frame is the widget's `allowedOrigins`, sent as the
 * frame's `frame-ancestors`. The folder is read once, when the app is created: a rebuilt widget is served
 * after a restart.
 */

/** The paths customers' pages load or frame; every other path keeps the strict security headers. */
export const isEmbeddablePath = (path: string): boolean => path === '/widget.js' || path.startsWith('/widget/');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

const contentTypeOf = (name: string) => CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';

/** A safe asset file name: no directories, nothing hidden. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/** Widget ids as this app hands them out, and nothing that could break out of an attribute or header. */
const WIDGET_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What the frame answers for an unknown widget (or none), framable anywhere so the visitor sees it. */
const FRAME_404_CSP = "default-src 'none'; base-uri 'none'; frame-ancestors *";
const FRAME_404 = 'This chat is not available.';

interface Asset {
  readonly body: Uint8Array;
  readonly type: string;
}

/** The files of a built widget folder; throws (naming the file) when `loader.js` or `frame.html` is missing. */
const readWidgetFolder = (dir: string) => {
  const required = (name: string) => {
    try {
      return readFileSync(join(dir, name));
    } catch (e) {
      throw new Error(`The widget folder ${dir} has no ${name}: build the widget first (npm run build).`, { cause: e });
    }
  };
  const loader = required('loader.js');
  const frame = required('frame.html');
  const assets = new Map<string, Asset>();
  const assetDir = join(dir, 'assets');
  let names: string[] = [];
  try {
    names = readdirSync(assetDir);
  } catch {
    names = []; // a widget without assets
  }
  for (const name of names) {
    const path = join(assetDir, name);
    if (ASSET_NAME.test(name) && statSync(path).isFile()) assets.set(name, { body: readFileSync(path), type: contentTypeOf(name) });
  }
  return { loader, frame, assets };
};

/**
 * The frame's policy: its scripts, styles and connections from Parley only, and framed only by the sites
 * the widget allows (and Parley's own pages, such as the demo), or by any site when it lists none.
 */
export const widgetFrameCsp = (allowedOrigins: readonly string[]): string =>
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self'; " +
  `base-uri 'none'; form-action 'none'; frame-ancestors ${allowedOrigins.length === 0 ? '*' : ["'self'", ...allowedOrigins].join(' ')}`;

/**
 * The demo page's own look: a plain, readable page like a customer's, whose snippet wraps on a phone's width
 * instead of widening the page. Inline, and allowed by its hash alone.
 */
const DEMO_STYLE =
  'body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2937;background:#f8fafc}' +
  'main{max-width:40rem;margin:0 auto;padding:2rem 1rem 8rem}h1{font-size:1.75rem;margin:0 0 1rem}' +
  'pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #cbd5e1;border-radius:6px;padding:.75rem;font-size:.875rem}';

/** The demo page's policy: it runs nothing but the loader, which frames the widget from Parley; its one style is its own. */
export const WIDGET_DEMO_CSP = `default-src 'none'; script-src 'self'; style-src 'self' 'sha256-${createHash('sha256').update(DEMO_STYLE).digest('base64')}'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The snippet a website owner pastes into their pages. */
export const widgetSnippet = (origin: string, widgetId: string): string =>
  `<script async src="${escapeHtml(origin)}/widget.js" data-widget="${escapeHtml(widgetId)}"></script>`;

const htmlPage = (title: string, body: string, head = '') =>
  `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="noindex, nofollow">\n<title>${escapeHtml(title)}</title>\n${ICON_LINK}${head}\n</head>\n<body>\n${body}\n</body>\n</html>\n`;

const notFoundPage = (c: Context, csp: string, text: string) =>
  c.body(htmlPage('Not found', `<p>${escapeHtml(text)}</p>`), 404, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': csp,
    'cache-control': 'no-store',
  });

const html = (what: string) => ({ 200: { description: what, schema: { type: 'string' }, contentType: 'text/html' } });

export const widgetUiRoutes = (api: Api, ctx: HttpAppContext, dir: string): void => {
  const { parley } = api;
  const { loader, frame, assets } = readWidgetFolder(dir);

  api.route(
    'get',
    '/widget.js',
    {
      tag: 'widget',
      summary: 'The widget loader a website embeds (see GET /api/v1/widgets/{id}/snippet)',
      description: docs.getWidgetJs,
      auth: 'none',
      responses: { 200: { description: 'JavaScript', schema: { type: 'string' }, contentType: 'application/javascript' } },
    },
    (c) =>
      c.body(new Uint8Array(loader), 200, {
        'content-type': 'application/javascript; charset=utf-8',
        'cache-control': 'public, max-age=300',
      }),
  );

  api.route(
    'get',
    '/widget/frame',
    {
      tag: 'widget',
      summary: 'The page of the widget’s chat frame, framed by the sites the widget allows',
      description: docs.getWidgetFrame,
      auth: 'none',
      query: z.object({ widget: z.string().max(64) }),
      invalid: (c) => notFoundPage(c, FRAME_404_CSP, FRAME_404),
      responses: {
        ...html('The frame'),
        404: { description: 'No such widget (an HTML page)', schema: { type: 'string' }, contentType: 'text/html' },
      },
    },
    async (c, { query }) => {
      const allowed = WIDGET_ID.test(query.widget) ? await parley.chats.allowedOrigins(query.widget) : null;
      if (allowed === null) return notFoundPage(c, FRAME_404_CSP, FRAME_404);
      return c.body(new Uint8Array(frame), 200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': widgetFrameCsp(allowed),
        'cache-control': 'no-cache',
      });
    },
  );

  api.route(
    'get',
    '/widget/assets/:name',
    {
      tag: 'widget',
      summary: 'A script, stylesheet or other file of the widget’s frame (content-hashed name, cached for a year)',
      auth: 'none',
      params: z.object({ name: z.string() }),
      responses: { 200: { description: 'The file' }, 404: { description: 'No such file', schema: 'Problem' } },
    },
    (c, { params: { name } }) => {
      const asset = assets.get(name);
      if (!asset) return problemResponse(c, 404, 'route_not_found', `No widget asset ${name.slice(0, 200)}.`);
      return c.body(new Uint8Array(asset.body), 200, {
        'content-type': asset.type,
        'cache-control': 'public, max-age=31536000, immutable',
      });
    },
  );

  api.route(
    'get',
    '/api/v1/widgets/:id/snippet',
    {
      tag: 'widgets',
      summary: 'The HTML snippet that adds the widget to a website (anyone who may read the widget)',
      description: docs.getWidgetsSnippet,
      auth: 'user',
      params: idParams,
      responses: {
        200: { description: 'The snippet', schema: { type: 'object', required: ['html'], properties: { html: { type: 'string' } } } },
        404: { description: 'No such widget (or not yours to read)', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) => {
      const widget = await parley.widgets.get(principal, params.id);
      return c.json({ html: widgetSnippet(ctx.publicOrigin(c), widget.id) });
    },
  );

  api.route(
    'get',
    '/demo/:widgetId',
    {
      tag: 'widget',
      summary: 'A plain page that embeds the widget’s snippet, to try the widget as visitors see it',
      auth: 'none',
      params: z.object({ widgetId: z.string() }),
      responses: {
        ...html('The demo page'),
        404: { description: 'No such widget (an HTML page)', schema: { type: 'string' }, contentType: 'text/html' },
      },
    },
    async (c, { params: { widgetId: id } }) => {
      const allowed = WIDGET_ID.test(id) ? await parley.chats.allowedOrigins(id) : null;
      if (allowed === null) return notFoundPage(c, WIDGET_DEMO_CSP, 'There is no such widget.');
      const snippet = widgetSnippet(ctx.publicOrigin(c), id);
      const body =
        `<main>\n<h1>Widget demo</h1>\n<p>This page shows the chat widget as your visitors see it. To add it to your site, paste this snippet into your pages, just before <code>&lt;/body&gt;</code>:</p>\n` +
        `<pre><code>${escapeHtml(snippet)}</code></pre>\n</main>\n${snippet}`;
      return c.body(htmlPage('Widget demo', body, `<style>${DEMO_STYLE}</style>`), 200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': WIDGET_DEMO_CSP,
        'cache-control': 'no-store',
      });
    },
  );
};
