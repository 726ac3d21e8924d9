import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { CLIENT_MESSAGE_ID, type Parley } from '@parley/core';
import type { AppEnv } from './context.js';

export type JsonSchema = Record<string, unknown>;

/** What a route promises, recorded once and served as the OpenAPI document. */
export interface RouteSpec {
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /**
   * `user`: a session cookie or bearer token is required (checked by middleware). The others are checked by
   * the route itself and only documented here: `visitor` (a chat's visitor token), `visitorOrUser`, and
   * `userOrQueryToken` (a user, also by `?token=` for EventSource), `apiToken` (an account API token: the
   * compatible APIs only).
   */
  readonly auth: 'none' | 'user' | 'visitor' | 'visitorOrUser' | 'userOrQueryToken' | 'apiToken';
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
  /** Status → description and schema (a `$ref` name or an inline JSON schema). */
  readonly responses: Readonly<Record<number, { description: string; schema?: string | JsonSchema; contentType?: string }>>;
  /** Whether the route honours `If-Match`. */
  readonly ifMatch?: boolean;
  /** Whether the route honours `Idempotency-Key` (see `idempotencyKey` in request.ts). */
  readonly idempotencyKey?: boolean;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const toOpenApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

const schemaOf = (s: string | JsonSchema): JsonSchema => (typeof s === 'string' ? { $ref: `#/components/schemas/${s}` } : s);

const jsonSchemaOf = (s: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/**
 * Registers routes on a Hono app and records each one in the OpenAPI document, so the document
 * cannot drift from what is served.
 */
export class Api {
  readonly paths: Record<string, Record<string, unknown>> = {};

  constructor(
    readonly app: Hono<AppEnv>,
    readonly parley: Parley,
    private readonly requireUser: MiddlewareHandler<AppEnv>,
  ) {}

  route(method: Method, path: string, spec: RouteSpec, handler: (c: Context<AppEnv>) => Promise<Response> | Response): void {
    const handlers: MiddlewareHandler<AppEnv>[] = spec.auth === 'user' ? [this.requireUser] : [];
    this.app.on([method.toUpperCase()], [path], ...handlers, async (c: Context<AppEnv>) => handler(c));
    this.document(method, path, spec);
  }

  private document(method: Method, path: string, spec: RouteSpec): void {
    const params = [...path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
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
        ? [{ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The version you read (the ETag); a stale one gets 412.' }]
        : []),
      ...(spec.idempotencyKey
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', pattern: CLIENT_MESSAGE_ID.source },
              description: 'Makes the request safe to send again: the same key answers what the first request stored. Optionally in double quotes.',
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
      ...(spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(spec.body) } } } }
        : {}),
      responses: {
        ...(spec.tag !== 'health' ? { 503: problemRef('The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds') } : {}),
        ...responses,
        ...(spec.body ? { 400: problemRef('The input is not valid'), 413: problemRef('The body is too large'), 415: problemRef('The body is not JSON') } : {}),
        ...(spec.auth === 'apiToken'
          ? { 401: problemRef('No valid API token (`unauthenticated`)'), 403: problemRef('The token belongs to another account (`forbidden`)') }
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

/** The `:id` path parameter (every route that uses this declares it). */
export const idParam = (c: Context): string => c.req.param('id') ?? '';
