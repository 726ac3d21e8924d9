import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { CLIENT_MESSAGE_ID, ipMatchesAny, ParleyError, parseIpRule, type IpRule, type LoginResult } from '@parley/core';
import { HttpProblem } from './problem.js';

/**
 * JSON text is UTF-8 (RFC 8259). A lenient decoder would turn bytes that are not UTF-8 (such as a
 * surrogate encoded on its own, `ED A0 80`) into U+FFFD without a word, and what was saved would not be
 * what was sent; this one throws instead. A leading BOM is still dropped.
 */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON object body. Anything else is a 4xx problem: a missing or non-JSON content type (415),
 * bytes that are not UTF-8 or malformed JSON (400 `malformed_json`), a body that is not an object (400).
 * The size limit is enforced before this.
 */
export const readJson = async (c: Context): Promise<Record<string, unknown>> => {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type))
    throw new HttpProblem(415, 'unsupported_media_type', 'Send the body as application/json.');
  let text: string;
  try {
    text = STRICT_UTF8.decode(await c.req.arrayBuffer());
  } catch {
    throw new HttpProblem(400, 'malformed_json', 'The body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'malformed_json', 'The body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpProblem(400, 'validation_failed', 'The body must be a JSON object.', [
      { path: '', code: 'invalid_type', message: 'Expected an object.' },
    ]);
  return value as Record<string, unknown>;
};

/**
 * The version an update expects, from `If-Match` (`"3"`, `W/"3"`). Undefined when absent; a header that
 * names no version is a 400.
 */
export const ifMatchVersion = (c: Context): number | undefined => {
  const h = c.req.header('if-match');
  if (h === undefined || h.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,12})"?\s*$/.exec(h);
  if (!m) throw new HttpProblem(400, 'invalid_if_match', 'If-Match must carry a version, e.g. "3".');
  return Number(m[1]);
};

export const etagOf = (version: number) => `"${version}"`;

/**
 * The body of a message write with its client key: `Idempotency-Key` (optionally in double quotes, as a
 * structured-field string) is the same thing as the body's `clientMessageId`. A malformed header, or one
 * that names another key than the body, is a 400 `invalid_idempotency_key`; the body's field is checked
 * with the rest of the body.
 */
export const withIdempotencyKey = (c: Context, body: Record<string, unknown>): Record<string, unknown> => {
  const h = c.req.header('idempotency-key');
  if (h === undefined) return body;
  const m = /^\s*(?:"([^"]*)"|([^"\s]*))\s*$/.exec(h);
  const key = m?.[1] ?? m?.[2] ?? '';
  if (!CLIENT_MESSAGE_ID.test(key))
    throw new HttpProblem(400, 'invalid_idempotency_key', 'Idempotency-Key must be 8 to 64 letters, digits, _ or -.');
  if (body.clientMessageId !== undefined && body.clientMessageId !== key)
    throw new HttpProblem(
      400,
      'invalid_idempotency_key',
      'Idempotency-Key and clientMessageId differ; send one of them, or the same key in both.',
    );
  return { ...body, clientMessageId: key };
};

/** Which peers may tell us the client address with `X-Forwarded-For`. */
export interface TrustProxy {
  readonly rules: readonly IpRule[];
}

/**
 * Parses `PARLEY_TRUST_PROXY`-style lists: comma-separated addresses, wildcards and CIDR ranges, or
 * `loopback`. Returns the invalid entries instead of throwing so the host can name them.
 */
export const parseTrustProxy = (value: string | undefined): { trust: TrustProxy; invalid: string[] } => {
  const items = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const expanded = items.flatMap((s) => (s === 'loopback' ? ['127.0.0.0/8', '::1'] : [s]));
  const rules: IpRule[] = [];
  const invalid: string[] = [];
  for (const s of expanded) {
    const r = parseIpRule(s);
    if (r) rules.push(r);
    else invalid.push(s);
  }
  return { trust: { rules }, invalid };
};

/**
 * The client address: the socket peer, or, when the peer is a trusted proxy, the right-most address in
 * `X-Forwarded-For` that is not itself a trusted proxy.
 */
export const clientAddress = (peer: string | null, forwardedFor: string | undefined, trust: TrustProxy): string | null => {
  if (!peer || !forwardedFor || !ipMatchesAny(peer, trust.rules)) return peer;
  const hops = forwardedFor
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!ipMatchesAny(hop, trust.rules)) return hop;
  }
  return hops[0] ?? peer;
};

/**
 * The origin clients reach this server at, for addresses handed out (the embed snippet): the request's own,
 * with the scheme of `X-Forwarded-Proto` when the socket peer is a trusted proxy (one that ends TLS and
 * forwards plain http).
 */
export const publicOrigin = (c: Context, peer: string | null, trust: TrustProxy): string => {
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if ((proto === 'https' || proto === 'http') && peer && ipMatchesAny(peer, trust.rules)) url.protocol = `${proto}:`;
  return url.origin;
};

/** What a token (session, visitor, share) may look like wherever a request carries one. */
const TOKEN = /^[A-Za-z0-9._~+/=-]{1,200}$/;

/** The token of `Authorization: Bearer <token>`: undefined without the header, null when it is not a bearer token. */
const authorizationBearer = (c: Context): string | null | undefined => {
  const auth = c.req.header('authorization');
  if (auth === undefined || auth === '') return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
  return m && TOKEN.test(m[1]!) ? m[1]! : null;
};

/** The bearer token from `Authorization`, else from the session cookie. */
export const bearerToken = (c: Context, cookieName: string): { token: string; via: 'header' | 'cookie' } | null => {
  const header = authorizationBearer(c);
  if (header !== undefined) return header === null ? null : { token: header, via: 'header' };
  const cookie = getCookie(c, cookieName);
  return cookie ? { token: cookie, via: 'cookie' } : null;
};

/** The token of a request: `Authorization: Bearer`, else `?token=` where allowed (EventSource cannot set headers). */
export const requestToken = (c: Context, allowQuery: boolean): string | null => {
  const header = authorizationBearer(c);
  if (header !== undefined) return header;
  const q = allowQuery ? c.req.query('token') : undefined;
  return q && TOKEN.test(q) ? q : null;
};

/** An account API token as the commercial service's APIs send it (`Authorization: <token>`), or after `Bearer `. */
export const apiToken = (c: Context): string | null =>
  /^(?:Bearer\s+)?([A-Za-z0-9_-]{1,200})$/i.exec(c.req.header('authorization')?.trim() ?? '')?.[1] ?? null;

/** `Last-Event-ID` (what EventSource sends on reconnect), else `?lastEventId=`. */
export const lastEventId = (c: Context): string | null => c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? null;

/** The first language tag of `Accept-Language`, if it is a well-formed one. */
export const acceptLanguage = (c: Context): string | undefined => {
  const first = c.req.header('accept-language')?.split(',')[0]?.split(';')[0]?.trim();
  return first && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(first) && first.length <= 35 ? first : undefined;
};

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether `origin` (a request's `Origin` header) is Parley's own: the host the request was sent to. The
 * scheme is not compared, since a TLS-terminating proxy forwards https requests as http. `null` (an opaque
 * origin) and anything unparsable are foreign.
 */
export const isOwnOrigin = (c: Context, origin: string): boolean => {
  try {
    return new URL(origin).host === new URL(c.req.url).host;
  } catch {
    return false;
  }
};

/** The request's `Origin` when it names another site than Parley's own; null when absent or our own. */
export const foreignOrigin = (c: Context): string | null => {
  const origin = c.req.header('origin');
  return origin !== undefined && !isOwnOrigin(c, origin) ? origin : null;
};

/**
 * Cookie-authenticated writes must come from our own origin: a CSRF defence on top of SameSite=Lax.
 * Call it when the request is authenticated by the session cookie. An `Origin` that is not a URL
 * (`null` from sandboxed frames and cross-site redirects, or garbage) is not ours either.
 */
export const assertSameOriginCookieWrite = (c: Context): void => {
  if (!UNSAFE_METHODS.has(c.req.method)) return;
  if (foreignOrigin(c) !== null) throw new ParleyError('forbidden', 'Cross-site requests cannot use the session cookie.');
};

/** Sets the HttpOnly session cookie of a fresh session (login, password change). */
export const setSessionCookie = (c: Context, cookieName: string, result: LoginResult): void => {
  setCookie(c, cookieName, result.token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: new URL(c.req.url).protocol === 'https:',
    expires: new Date(result.expiresAt),
  });
  c.header('cache-control', 'no-store');
};
