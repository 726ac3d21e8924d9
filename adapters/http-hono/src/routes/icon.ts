import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Api } from '../api.js';

/** Where the pages Parley serves (console, monitor, demo) point their `<link rel="icon">`. */
export const ICON_PATH = '/favicon.svg';

/** The `<link>` that gives a page Parley's icon. */
export const ICON_LINK = `<link rel="icon" href="${ICON_PATH}" type="image/svg+xml">`;

/**
 * Parley's icon (`@parley/design/icon.svg`, drawn for light and dark browser themes) at `/favicon.svg`, where the
 * pages link it, and at `/favicon.ico`, which browsers ask for on their own (an SVG there too: every current
 * browser reads it by its content type). Without it every page load of the console or the monitor logged a 404.
 */
export const iconRoutes = (api: Api): void => {
  const icon = readFileSync(createRequire(import.meta.url).resolve('@parley/design/icon.svg'));
  const answer = () =>
    new Response(new Uint8Array(icon), {
      headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' },
    });
  for (const path of [ICON_PATH, '/favicon.ico'])
    api.route(
      'get',
      path,
      {
        tag: 'pages',
        summary: path === ICON_PATH ? 'Parley’s icon, which its pages link' : 'Parley’s icon where browsers look for it unasked (an SVG)',
        auth: 'none',
        responses: { 200: { description: 'SVG', schema: { type: 'string' }, contentType: 'image/svg+xml' } },
      },
      answer,
    );
};
