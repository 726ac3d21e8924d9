import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { defaultHeaders } from './default-headers.js';

export interface AnyOriginCorsOptions {
  readonly allowMethods: string[];
  readonly allowHeaders: string[];
  /** How long a browser may cache a preflight, in seconds. */
  readonly maxAge: number;
}

/**
 * CORS for any origin (`Access-Control-Allow-Origin: *`, no credentials), as Hono's `cors({ origin: '*' })`
 * answers it, but cheaper on ordinary requests. Hono's middleware writes its header to `c.res` before the
 * route runs; Hono then has to rebuild the route's response around it (a second `Response` whose body is a
 * stream of the first one's, which `@hono/node-server` then writes chunk by chunk instead of in one go).
 * This one adds the same header as a {@link defaultHeaders} default, error responses included. Preflights
 * (`OPTIONS`) go to Hono's middleware unchanged.
 *
 * @example
 * app.use('/api/v1/chats/:id/messages', anyOriginCors({ allowMethods: ['POST'], allowHeaders: ['content-type'], maxAge: 600 }));
 */
export const anyOriginCors = (options: AnyOriginCorsOptions): MiddlewareHandler => {
  const preflight = cors({ origin: '*', ...options });
  const anyOrigin = defaultHeaders([['Access-Control-Allow-Origin', '*']]);
  return (c, next) => (c.req.method === 'OPTIONS' ? preflight(c, next) : anyOrigin(c, next));
};
