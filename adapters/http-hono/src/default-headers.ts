import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { nodeResponseOf } from './node-response.js';
import { answersWithNodeStream } from './sse.js';

/** Response headers as name and value pairs. */
export type HeaderList = readonly (readonly [string, string])[];

/**
 * Adds `headers` to every response, as defaults: a header the route sets itself is the one sent.
 *
 * On `@hono/node-server` they are set on Node's response once the route has answered, and Node merges the
 * route's own headers over them when it writes the head. Setting them on `c.res` (as Hono's `secureHeaders`
 * and `cors` do) makes `@hono/node-server` turn the plain header object of a `c.json()` answer into a web
 * `Headers` and back: about 2 % of the host's CPU per visitor message in a profile of the chat benchmark,
 * gone with this. An event stream that writes its own head ({@link answersWithNodeStream}) gets them in
 * `c.res` all the same: headers set on Node's response stay with it for as long as it is open (some 2 KB
 * per idle stream), a head written whole does not. On other runtimes (`app.request`) they are added to the
 * route's response when it lacks them.
 *
 * `headers` may be a promise (see {@link secureHeaderList}): requests wait for it once it is made.
 *
 * @example
 * app.use('/api/v1/chats/*', defaultHeaders([['Access-Control-Allow-Origin', '*']]));
 */
export const defaultHeaders = (headers: HeaderList | Promise<HeaderList>): MiddlewareHandler => {
  let list: HeaderList | null = Array.isArray(headers) ? (headers as HeaderList) : null;
  const ready = list === null ? Promise.resolve(headers).then((h) => (list = h)) : null;
  return async (c, next) => {
    const fixed = list ?? (await ready!);
    await next();
    const out = nodeResponseOf(c);
    if (out !== null && !answersWithNodeStream(c)) for (const [name, value] of fixed) out.setHeader(name, value);
    else for (const [name, value] of fixed) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  };
};

/**
 * The headers Hono's `secureHeaders(options)` adds, read once from a response of that middleware, so that
 * {@link defaultHeaders} sends the same ones with the same values. Options whose values depend on the request
 * (a CSP nonce) do not fit here.
 */
export const secureHeaderList = async (options: Parameters<typeof secureHeaders>[0]): Promise<HeaderList> => {
  const probe = new Hono();
  probe.use(secureHeaders(options));
  probe.get('/', (c) => c.body(null, 204));
  const res = await probe.request('/');
  return [...res.headers];
};
