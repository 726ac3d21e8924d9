import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Hono's `bodyLimit`, without its cost on ordinary requests. Hono's middleware starts by looking at
 * `c.req.raw.body`, and on `@hono/node-server` that one property access turns the lightweight request
 * into a full web `Request` with a web stream over the socket, which the route then reads through
 * (several times the cost of the direct read it would otherwise get). HTTP/1.1 frames a request body by
 * `Transfer-Encoding` or `Content-Length` only (RFC 9112 §6.3), and Node's parser enforces the declared
 * length, so:
 * - a declared `Content-Length` (without `Transfer-Encoding`) is judged from the header alone, as Hono does;
 * - a GET or HEAD declaring neither has no body;
 * - anything else (chunked bodies, requests built in process without the headers) goes through Hono's
 *   middleware, which counts the bytes as they stream.
 *
 * @example
 * app.use('/api/*', limitBody(64 * 1024, (c) => c.text('Payload Too Large', 413)));
 */
export const limitBody = (maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler => {
  const streaming = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    if (c.req.header('transfer-encoding') === undefined) {
      const length = c.req.header('content-length');
      if (length !== undefined) return parseInt(length, 10) > maxSize ? onError(c) : next();
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    }
    return streaming(c, next);
  };
};
