import { readdirSync, readFileSync } from 'node:fs';
import { getCookie } from 'hono/cookie';
import { join } from 'node:path';
import { z } from 'zod';
import type { Context } from 'hono';
import type { Api } from './api.js';
import { MONITOR_PAGE_CSP } from './monitor-page.js';
import { problemResponse } from './problem.js';

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const typeOf = (name: string): string | undefined => TYPES[name.slice(name.lastIndexOf('.'))];

/**
 * The monitor page's policy, and one thing more: the console frames Parley's own pages, which is how the
 * widget settings show the real widget as a live preview (`/widget/frame?preview=1`).
 */
export const CONSOLE_PAGE_CSP = MONITOR_PAGE_CSP.replace("form-action 'self';", "form-action 'self'; frame-src 'self';");

const html = { 200: { description: 'The page', schema: { type: 'string' }, contentType: 'text/html' } };

/**
 * The console (`@parley/console`'s built folder: `index.html` and content-hashed `assets/`), served at `/app`
 * under the monitor page's strict Content-Security-Policy (plus framing of Parley's own pages, {@link CONSOLE_PAGE_CSP}). Every path under `/app` answers the page
 * (the app routes in the browser); assets are read once at start and cached by browsers for a year, since
 * their names change with their content. Only files the build wrote are served: a name is looked up, never
 * joined into a path.
 *
 * A browser without the session cookie (`cookieName`) gets the page marked `<meta name="parley-session"
 * content="none">`: it shows the sign-in form at once instead of asking `GET /api/v1/me` for a 401 first (one
 * round trip less, and no failed request in the browser's console on every visit to the sign-in page).
 */
export const consolePageRoutes = (api: Api, folder: string, cookieName: string): void => {
  const page = readFileSync(join(folder, 'index.html'), 'utf8');
  const signedOutPage = page.replace(/<head>/i, '<head>\n<meta name="parley-session" content="none">');
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(join(folder, 'assets'))) {
    const type = typeOf(name);
    if (type) assets.set(name, { body: readFileSync(join(folder, 'assets', name)), type });
  }
  const pageResponse = (c: Context) =>
    new Response(getCookie(c, cookieName) ? page : signedOutPage, {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CONSOLE_PAGE_CSP,
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
        'x-robots-tag': 'noindex, nofollow',
      },
    });

  api.route(
    'get',
    '/',
    {
      tag: 'console',
      summary: 'The server’s address opens the console',
      auth: 'none',
      responses: { 302: { description: 'To `/app`' } },
    },
    (c) => c.redirect('/app', 302),
  );
  api.route(
    'get',
    '/app',
    { tag: 'console', summary: 'The agents’ and admins’ console (signs in with the session cookie)', auth: 'none', responses: html },
    pageResponse,
  );
  api.route(
    'get',
    '/app/assets/:file',
    {
      tag: 'console',
      summary: 'A content-hashed script or stylesheet of the console',
      auth: 'none',
      params: z.object({ file: z.string() }),
      responses: { 200: { description: 'The file', schema: { type: 'string' } }, 404: { description: 'No such file', schema: 'Problem' } },
    },
    (c, { params }) => {
      const asset = assets.get(params.file);
      if (!asset) return problemResponse(c, 404, 'route_not_found', 'No such file of the console.');
      return new Response(new Uint8Array(asset.body), {
        headers: { 'content-type': asset.type, 'cache-control': 'public, max-age=31536000, immutable' },
      });
    },
  );
  api.route(
    'get',
    '/app/*',
    { tag: 'console', summary: 'Any page of the console (routed in the browser)', auth: 'none', responses: html },
    pageResponse,
  );
};
