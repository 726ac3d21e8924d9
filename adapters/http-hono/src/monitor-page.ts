import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Api } from './api.js';
import * as docs from './monitor-page.docs.js';

/**
 * The monitor page, the reference UI of the chat monitor: plain HTML, one stylesheet and one small
 * script (no build step, no framework), served from `src/monitor-page/` (copied to `dist/monitor-page/`
 * by the build). `/monitor` shows the signed-in user's monitor (a sign-in form when there is no session);
 * `/monitor/s/:token` shows a share link's anonymized monitor. No inline script or style, so the strict
 * Content-Security-Policy below holds. Its stylesheet starts with Parley's design tokens (`@parley/design`), the
 * same properties the widget and the console are drawn with.
 */

const asset = (name: string): string => readFileSync(new URL(`./monitor-page/${name}`, import.meta.url), 'utf8');
const designTokens = (): string => readFileSync(createRequire(import.meta.url).resolve('@parley/design/tokens.css'), 'utf8');

/** Scripts, styles and connections from this origin only; nothing inline, no frames, no foreign forms. */
export const MONITOR_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': MONITOR_PAGE_CSP,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
};

const html = { 200: { description: 'The page', schema: { type: 'string' }, contentType: 'text/html' } };

/**
 * The monitor page's routes. With `consoleServed`, its transcript links open the chat in the console's history
 * (`/app/history/<chatId>`) instead of the transcript's JSON (`transcriptUrl`, for embedders without the console),
 * and a signed-in viewer gets a link back to the console (`/app`); a share link's page shows none, it has no console.
 */
export const monitorPageRoutes = (api: Api, { consoleServed = false }: { consoleServed?: boolean } = {}): void => {
  const file = asset('monitor.html');
  const page = consoleServed ? file.replace('<body>', '<body data-console="/app" data-transcripts="/app/history/">') : file;
  const script = asset('monitor.js');
  const style = `${designTokens()}\n${asset('monitor.css')}`;

  api.route(
    'get',
    '/monitor',
    {
      tag: 'monitor page',
      summary: 'The chat monitor page for a big screen (signs in with the session cookie, or shows a sign-in form)',
      auth: 'none',
      responses: html,
    },
    () => new Response(page, { headers: pageHeaders }),
  );
  api.route(
    'get',
    '/monitor/s/:token',
    {
      tag: 'monitor page',
      summary: 'The shared, anonymized chat monitor page of a share link',
      description: docs.getMonitorSharedPage,
      auth: 'none',
      params: z.object({ token: z.string() }),
      responses: html,
    },
    () => new Response(page, { headers: pageHeaders }),
  );
  api.route(
    'get',
    '/monitor/assets/monitor.js',
    {
      tag: 'monitor page',
      summary: 'The monitor page’s script',
      auth: 'none',
      responses: { 200: { description: 'JavaScript', schema: { type: 'string' }, contentType: 'text/javascript' } },
    },
    () => new Response(script, { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' } }),
  );
  api.route(
    'get',
    '/monitor/assets/monitor.css',
    {
      tag: 'monitor page',
      summary: 'The monitor page’s stylesheet',
      auth: 'none',
      responses: { 200: { description: 'CSS', schema: { type: 'string' }, contentType: 'text/css' } },
    },
    () => new Response(style, { headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' } }),
  );
};
