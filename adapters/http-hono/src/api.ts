import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import {
  CLIENT_MESSAGE_ID,
  isParleyError,
  parseInput,
  ParleyError,
  type ChatCaller,
  type Parley,
  type Principal,
  type VisitorIdentity,
  type VisitorPrincipal,
} from '@parley/core';
import type { AppEnv } from './context.js';
import { limitKeyOf, type Limits, type RuleName } from './limits.js';
import { apiToken, assertSameOriginCookieWrite, bearerToken, readJson, requestToken, withIdempotencyKey } from './request.js';

export type JsonSchema = Record<string, unknown>;

/**
 * Who may call a route, checked by `Api.route` before the input is read:
 * - `none`: anyone.
 * - `user`: a session cookie (same-origin for writes), a bearer session token, or an account API token as a bearer
 *   token (GET and HEAD only, with a supervisor's rights); the handler gets `principal`.
 * - `userOrQueryToken`: as `user`, also by `?token=` (EventSource cannot set headers); for event streams.
 * - `visitorOrUser`: on a chat route (`:id`), the chat's visitor token as a bearer token, or a user's
 *   session; the handler gets `caller` (`kind: 'visitor' | 'user'`).
 * - `visitor`: as `visitorOrUser`, but a user gets 403 `forbidden`; the handler gets `visitor`.
 * - `apiToken`: an account API token of the path's `:accountId` (the compatible APIs); the handler gets `principal`.
 */
export type AuthMode = 'none' | 'user' | 'visitor' | 'visitorOrUser' | 'userOrQueryToken' | 'apiToken';

/** What a route promises, recorded once, enforced by `Api.route` and served as the OpenAPI document. */
export interface RouteSpec {
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly auth: AuthMode;
  /** The JSON body; a route with one refuses any other body (415, 400 `malformed_json`, 400 `validation_failed`). */
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
  /** Every `:name` of the path; required when the path has any. */
  readonly params?: z.ZodObject;
  /** Status → description and schema (a `$ref` name or an inline JSON schema). */
  readonly responses: Readonly<Record<number, { description: string; schema?: string | JsonSchema; contentType?: string }>>;
  /**
   * The core checks the body itself (with `body` as its schema), adding what its own checks find, so that one refusal
   * names every problem; the route only reads the JSON and hands it over as sent (its handler must pass it to the
   * core unread).
   */
  readonly bodyCheckedByCore?: boolean;
  /** Whether the route honours `If-Match`. */
  readonly ifMatch?: boolean;
  /** Whether the route honours `Idempotency-Key` (merged into the body as `clientMessageId` before it is checked). */
  readonly idempotencyKey?: boolean;
  /** A limit per client address that every request spends first, before its credentials or input are looked at. */
  readonly limit?: RuleName;
  /** `visitor`, `visitorOrUser`: the visitor token may also come as `?token=` (event streams). */
  readonly queryToken?: boolean;
  /**
   * `visitor`, `visitorOrUser`: the visitor as their identity only, without reading storage for a token
   * checked before (`ChatService.identifyVisitor`), for handlers whose service call reads the chat itself.
   */
  readonly visitorIdentityOnly?: boolean;
  /** How the route answers path params or a query its schemas refuse, instead of a 400 problem (pages answer a page). */
  readonly invalid?: (c: Context<AppEnv>) => Response | Promise<Response>;
}

type OutputOf<S, K extends string, Otherwise> = S extends { readonly [k in K]: infer T extends z.ZodType } ? z.output<T> : Otherwise;
type VisitorOf<S> = S extends { readonly visitorIdentityOnly: true } ? VisitorIdentity : VisitorPrincipal;
type CallerOf<S extends RouteSpec> = S['auth'] extends 'user' | 'userOrQueryToken' | 'apiToken'
  ? { readonly principal: Principal }
  : S['auth'] extends 'visitorOrUser'
    ? { readonly caller: ChatCaller<VisitorOf<S>> }
    : S['auth'] extends 'visitor'
      ? { readonly visitor: VisitorOf<S> }
      : {};

/** What a handler gets, checked against its route's spec: the parsed input and who calls. */
export type RouteInput<S extends RouteSpec> = {
  readonly body: OutputOf<S, 'body', undefined>;
  readonly query: OutputOf<S, 'query', undefined>;
  readonly params: OutputOf<S, 'params', undefined>;
} & CallerOf<S>;

export type RouteHandler<S extends RouteSpec> = (c: Context<AppEnv>, input: RouteInput<S>) => Promise<Response> | Response;

/** A path parameter naming a stored thing (an id, a share token); an unknown one is a 404 of the route. */
export const pathParam = z.string().min(1).max(200);

/** The params of a route whose only path parameter is `:id`. */
export const idParams = z.object({ id: pathParam });

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const toOpenApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

const schemaOf = (s: string | JsonSchema): JsonSchema => (typeof s === 'string' ? { $ref: `#/components/schemas/${s}` } : s);

const jsonSchemaOf = (s: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const pathParamNames = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** What `Api` needs besides the app: the session cookie's name and the limits routes spend. */
export interface ApiOptions {
  readonly cookieName: string;
  readonly limits: Limits;
}

/**
 * Registers routes on a Hono app: each request spends the route's limit, is authenticated as its `auth`
 * says, has its path params, query and body parsed with the route's schemas, and only then reaches the
 * handler, with the parsed input. Each route is recorded in the OpenAPI document, so the document cannot
 * drift from what is served.
 */
export class Api {
  readonly paths: Record<string, Record<string, unknown>> = {};

  constructor(
    readonly app: Hono<AppEnv>,
    readonly parley: Parley,
    private readonly options: ApiOptions,
  ) {}

  /**
   * Serves `method path` with `handler`, as `spec` declares.
   *
   * @example
   * api.route('get', '/api/v1/widgets/:id', { tag: 'widgets', summary: 'One widget', auth: 'user', params: idParams,
   *   responses: { 200: { description: 'The widget', schema: 'Widget' } } },
   *   async (c, { principal, params }) => c.json(await api.parley.widgets.get(principal, params.id)));
   */
  route<const S extends RouteSpec>(method: Method, path: string, spec: S, handler: RouteHandler<S>): void {
    const undeclared = pathParamNames(path).filter((name) => !spec.params?.shape[name]);
    if (undeclared.length)
      throw new Error(`${method.toUpperCase()} ${path}: declare the path params ${undeclared.join(', ')} in spec.params.`);
    this.app.on([method.toUpperCase()], [path], async (c: Context<AppEnv>) => {
      if (spec.limit) await this.options.limits.take(spec.limit, limitKeyOf(c));
      const caller = await this.authenticate(c, spec);
      let params: unknown;
      let query: unknown;
      try {
        params = spec.params ? parseInput(spec.params, c.req.param()) : undefined;
        query = spec.query ? parseInput(spec.query, c.req.query()) : undefined;
      } catch (e) {
        if (spec.invalid && isParleyError(e)) return spec.invalid(c);
        throw e;
      }
      const raw = spec.body ? await readJson(c) : undefined;
      const body = !spec.body
        ? undefined
        : spec.bodyCheckedByCore
          ? raw
          : parseInput(spec.body, spec.idempotencyKey ? withIdempotencyKey(c, raw!) : raw);
      const input = { ...caller, params, query, body };
      return handler(c, input as RouteInput<S>);
    });
    this.document(method, path, spec);
  }

  /** Who calls, as the route's `auth` asks; throws `unauthenticated` (or `forbidden`) before any input is read. */
  private async authenticate(
    c: Context<AppEnv>,
    spec: RouteSpec,
  ): Promise<{ principal?: Principal; caller?: ChatCaller<VisitorIdentity>; visitor?: VisitorIdentity }> {
    const { parley } = this;
    const meta = c.get('meta');
    const asUser = (principal: Principal) => {
      c.set('principal', principal);
      return { principal };
    };
    switch (spec.auth) {
      case 'none':
        return {};
      case 'user': {
        const found = bearerToken(c, this.options.cookieName);
        let principal = found ? await parley.auth.authenticate(found.token, meta) : null;
        // Not a session: an account API token sent as `Authorization: Bearer`, reading within its scope.
        if (found?.via === 'header' && !principal) principal = await parley.compatible.authenticateBearer(found.token, c.req.method, meta);
        if (!found || !principal)
          throw new ParleyError('unauthenticated', 'Sign in first: send a session cookie, a bearer session token or an API token.');
        if (found.via === 'cookie') assertSameOriginCookieWrite(c);
        return asUser(principal);
      }
      case 'userOrQueryToken': {
        const token = requestToken(c, true) ?? getCookie(c, this.options.cookieName) ?? null;
        const principal = token ? await parley.auth.authenticate(token, meta) : null;
        if (!principal) throw new ParleyError('unauthenticated', 'Sign in first: send a session cookie, a bearer token or ?token=.');
        return asUser(principal);
      }
      case 'apiToken': {
        const token = apiToken(c);
        if (!token) throw new ParleyError('unauthenticated', 'Send an API token of this account in the Authorization header.');
        const write = c.req.method !== 'GET' && c.req.method !== 'HEAD';
        return asUser(await parley.compatible.authenticate(c.req.param('accountId') ?? '', token, meta, { write }));
      }
      case 'visitor':
      case 'visitorOrUser': {
        const bearer = requestToken(c, spec.queryToken ?? false);
        const session = bearer ? null : (getCookie(c, this.options.cookieName) ?? null);
        if (session) assertSameOriginCookieWrite(c);
        const chatId = c.req.param('id') ?? '';
        const caller = await parley.chatCaller({ chatId, bearer, session, meta, identityOnly: spec.visitorIdentityOnly ?? false });
        if (caller.kind === 'user') c.set('principal', caller.user);
        if (spec.auth === 'visitorOrUser') return { caller };
        if (caller.kind === 'user') throw new ParleyError('forbidden', 'Only the chat’s visitor can do this.');
        return { visitor: caller.visitor };
      }
    }
  }

  private document(method: Method, path: string, spec: RouteSpec): void {
    const paramsSchema = spec.params ? jsonSchemaOf(spec.params) : null;
    const params = pathParamNames(path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: ((paramsSchema?.properties ?? {}) as Record<string, JsonSchema>)[name] ?? { type: 'string' },
    }));
    const querySchema = spec.query ? jsonSchemaOf(spec.query) : null;
    const requiredQuery = new Set((querySchema?.required ?? []) as string[]);
    const query = querySchema
      ? Object.entries((querySchema.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({
          name,
          in: 'query',
          required: requiredQuery.has(name),
          schema,
        }))
      : [];
    const headers = [
      ...(spec.ifMatch
        ? [
            {
              name: 'If-Match',
              in: 'header',
              required: false,
              schema: { type: 'string' },
              description: 'The version you read (the ETag); a stale one gets 412.',
            },
          ]
        : []),
      ...(spec.idempotencyKey
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', pattern: CLIENT_MESSAGE_ID.source },
              description:
                'Makes the request safe to send again: the same key answers what the first request stored. Optionally in double quotes.',
            },
          ]
        : []),
    ];
    const responses = Object.fromEntries(
      Object.entries(spec.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: schemaOf(r.schema) } } } : {}),
        },
      ]),
    );
    const op = {
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      security: SECURITY[spec.auth],
      parameters: [...params, ...query, ...headers],
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(spec.body) } } } } : {}),
      responses: {
        ...(spec.tag !== 'health'
          ? {
              503: problemRef(
                'The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds',
              ),
            }
          : {}),
        ...responses,
        ...(spec.body
          ? { 400: problemRef('The input is not valid'), 413: problemRef('The body is too large'), 415: problemRef('The body is not JSON') }
          : {}),
        ...(spec.auth === 'apiToken'
          ? {
              401: problemRef('No valid API token (`unauthenticated`)'),
              403: problemRef('The token belongs to another account (`forbidden`)'),
            }
          : spec.auth !== 'none'
            ? { 401: problemRef('Not signed in') }
            : {}),
        default: problemRef('Any other problem'),
      },
    };
    (this.paths[toOpenApiPath(path)] ??= {})[method] = op;
  }
}

const SECURITY: Record<RouteSpec['auth'], Record<string, never[]>[]> = {
  none: [],
  user: [{ bearer: [] }, { cookie: [] }],
  visitor: [{ visitorToken: [] }],
  visitorOrUser: [{ visitorToken: [] }, { bearer: [] }, { cookie: [] }],
  userOrQueryToken: [{ bearer: [] }, { cookie: [] }, { queryToken: [] }],
  apiToken: [{ apiToken: [] }],
};

const problemRef = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
