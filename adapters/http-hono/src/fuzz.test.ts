/**
 * A bounded fuzz run over every route of the app's own OpenAPI document: generated requests (fixed seed)
 * with every kind of credential, schema-shaped and mutated bodies, odd path parameters, queries and
 * headers, through `app.request` on the memory store. Whatever comes in, the answer is never a 5xx: bad
 * input is a 4xx problem. A 429 from the limits is an answer like any other. And no event stream stays open
 * once its response was read or dropped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamHub } from './sse.js';
import { testApp } from './testing/index.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, any>;

/** Fixed, so every run sends the same requests; `PARLEY_FUZZ_SEED` / `PARLEY_FUZZ_RUNS` explore further by hand. */
const SEED = Number(process.env.PARLEY_FUZZ_SEED ?? 20_261_204);
const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 2400);
/** Requests per world: deletes, logouts and password changes wear a world out, so a fresh one follows. */
const BATCH = 100;

/** What a request authenticates with; resolved against each world when sent. */
const CREDENTIALS = [
  'none',
  'garbage',
  'visitor',
  'otherVisitor',
  'agent',
  'supervisor',
  'admin',
  'owner',
  'cookie',
  'cookieSameOrigin',
  'cookieForeignOrigin',
  'cookieNullOrigin',
  'cookieGarbageOrigin',
  'queryToken',
  'apiToken',
] as const;
type Credential = (typeof CREDENTIALS)[number];

/** Path parameter values: names of the world's real things (resolved when sent) and hostile strings. */
const PARAM_REFS = [
  'widget',
  'chat',
  'agentUser',
  'ownerUser',
  'shareLink',
  'shareToken',
  'auditEntry',
  'delivery',
  'account',
  'apiToken',
] as const;
type ParamRef = (typeof PARAM_REFS)[number];
type Param = { ref: ParamRef } | { raw: string };

/** The thing a route's path parameter most likely names, so that many requests reach past the lookup. */
const naturalRef = (path: string, param: string): ParamRef => {
  if (param === 'token') return 'shareToken';
  if (param === 'accountId') return 'account';
  const owner = /\/([\w-]+)\/\{\w+\}(?!.*\{)/.exec(path)?.[1];
  const byCollection: Record<string, ParamRef> = {
    users: 'agentUser',
    widgets: 'widget',
    chats: 'chat',
    audit: 'auditEntry',
    'share-links': 'shareLink',
    deliveries: 'delivery',
    'api-tokens': 'apiToken',
  };
  return byCollection[owner ?? ''] ?? 'widget';
};

interface Op {
  readonly method: string;
  readonly path: string;
  readonly params: readonly string[];
  readonly query: readonly { name: string; schema: Schema }[];
  readonly body: Schema | null;
  readonly ifMatch: boolean;
}

/** A valid body per route, which the fuzzer mutates one field at a time to get past validation. */
const EXAMPLES: Readonly<Record<string, Record<string, Json>>> = {
  'POST /api/v1/accounts': { accountName: 'Acme', email: 'new@example.com', name: 'Nina', password: 'correct horse battery staple' },
  'POST /api/v1/auth/login': { email: 'someone@example.com', password: 'correct horse battery staple' },
  'PATCH /api/v1/account': { name: 'Acme Two' },
  'POST /api/v1/users': { email: 'pat@example.com', name: 'Pat', role: 'agent', password: 'another long passphrase' },
  'PATCH /api/v1/users/{id}': { name: 'Pat Two', role: 'supervisor' },
  'POST /api/v1/widgets': { name: 'Sales' },
  'PATCH /api/v1/widgets/{id}': { name: 'Support Two', settings: { maxConcurrentChats: 3 } },
  'PUT /api/v1/widgets/{id}/agents': { agentIds: [] },
  'POST /api/v1/auth/password': { currentPassword: 'correct horse battery staple', newPassword: 'a brand new passphrase' },
  'POST /api/v1/widgets/{id}/chats': {
    message: 'Hello',
    email: 'vera@example.com',
    name: 'Vera',
    pageUrl: 'https://shop.example/cart',
    customVariables: { plan: 'gold' },
  },
  'POST /api/v1/chats/{id}/messages': { text: 'Hello there' },
  'POST /api/v1/chats/{id}/typing': { text: 'Hel' },
  'POST /api/v1/chats/{id}/transfer': { agentId: 'someone' },
  'PUT /api/v1/agents/me/status': { status: 'online' },
  'PUT /api/v1/monitor/layout': { widgetIds: [] },
  'POST /api/v1/monitor/share-links': { widgetIds: null, expiresAt: '2030-01-01T00:00:00.000Z' },
  'PUT /api/v1/widgets/{id}/integrations/open-api': {
    enabled: true,
    url: 'https://hooks.example/parley',
    events: ['chat.started'],
    authToken: 'secret',
  },
  'PUT /api/v1/widgets/{id}/integrations/salesforce': {
    enabled: false,
    instanceUrl: 'https://acme.my.salesforce.com',
    apiVersion: 'v62.0',
    clientId: 'id',
    clientSecret: 'secret',
  },
};

/** The example with one field replaced by a generated value, or removed. */
const mutated = (example: Record<string, Json>, schema: Schema | null, components: Record<string, Schema>): fc.Arbitrary<Json> => {
  const props = (schema?.properties ?? {}) as Record<string, Schema>;
  const keys = [...new Set([...Object.keys(example), ...Object.keys(props)])];
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(example as Json) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(...keys).chain((k) => valueOf(props[k], components).map((v) => ({ ...example, [k]: v }) as Json)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(example).filter(([key]) => key !== k)) as Json),
    },
  );
};

interface FuzzRequest {
  readonly op: Op;
  /** Mostly the operation's own method; sometimes another, which no route may answer with a 5xx either. */
  readonly method: string;
  readonly credential: Credential;
  readonly params: readonly Param[];
  readonly query: readonly [string, string][];
  readonly rawQuery: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { kind: 'none' } | { kind: 'json'; value: Json } | { kind: 'text'; text: string; contentType: string | null };
}

const hostile = fc.constantFrom(
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'null',
  'undefined',
  '..',
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  '\u0000',
  '😀',
  'A'.repeat(43),
  'x'.repeat(600),
  '00000000-0000-0000-0000-000000000000',
  '<script>',
  "' OR 1=1 --",
  '{"a":1}',
  '__proto__',
  'constructor',
);

const anyString = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), hostile);

/** A value shaped by `schema` most of the time, anything some of the time. */
const valueOf = (schema: Schema | undefined, components: Record<string, Schema>, depth = 0): fc.Arbitrary<Json> => {
  const wild = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  if (!schema || depth > 4) return wild;
  if (typeof schema.$ref === 'string') return valueOf(components[schema.$ref.split('/').pop()!], components, depth + 1);
  const alts = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alts) return fc.oneof(...alts.map((s) => valueOf(s, components, depth + 1)), wild);
  if (Array.isArray(schema.enum))
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(schema.enum as Json[])) }, { weight: 1, arbitrary: wild });
  if (schema.const !== undefined) return fc.oneof(fc.constant(schema.const as Json), wild);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const shaped = ((): fc.Arbitrary<Json> => {
    switch (type) {
      case 'string':
        return fc.oneof(
          anyString,
          fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ') }),
          fc.constantFrom(
            'alice@example.com',
            'https://shop.example/x',
            '2026-01-01T00:00:00.000Z',
            'online',
            'offline',
            'paused',
            'agent',
            'admin',
          ),
          fc.string({ minLength: 1, maxLength: 3000 }),
        );
      case 'integer':
      case 'number':
        return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.integer(), fc.double(), fc.constantFrom(0, 1, 2 ** 53, -(2 ** 53), 1e300));
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(valueOf(schema.items as Schema, components, depth + 1), { maxLength: 6 });
      case 'object': {
        const props = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
        if (props.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), wild, { maxKeys: 4 });
        const fields = Object.fromEntries(props.map(([k, s]) => [k, valueOf(s, components, depth + 1)]));
        const required = ((schema.required ?? []) as string[]).filter((k) => k in fields);
        const record = fc.oneof(
          { weight: 3, arbitrary: fc.record(fields, { requiredKeys: required }) },
          { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
        );
        const extra = fc.oneof(
          { weight: 3, arbitrary: fc.constant({}) },
          { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), wild, { maxKeys: 2 }) },
        );
        return fc.tuple(record, extra).map(([r, more]) => ({ ...more, ...r }) as Json);
      }
      default:
        return wild;
    }
  })();
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: wild });
};

const requestOf = (ops: readonly Op[], components: Record<string, Schema>): fc.Arbitrary<FuzzRequest> =>
  fc.constantFrom(...ops).chain((op) =>
    fc.record({
      op: fc.constant(op),
      method: fc.oneof(
        { weight: 19, arbitrary: fc.constant(op.method) },
        { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') },
      ),
      credential: fc.constantFrom(...CREDENTIALS),
      params: fc.tuple(
        ...op.params.map((name) =>
          fc.oneof(
            { weight: 5, arbitrary: fc.constant({ ref: naturalRef(op.path, name) }) },
            { weight: 1, arbitrary: fc.constantFrom(...PARAM_REFS).map((ref) => ({ ref })) },
            { weight: 2, arbitrary: anyString.map((raw) => ({ raw })) },
          ),
        ),
      ) as fc.Arbitrary<readonly Param[]>,
      query: fc.array(
        fc.oneof(
          ...(op.query.length
            ? [
                fc
                  .constantFrom(...op.query)
                  .chain((q) =>
                    valueOf(q.schema, components).map((v) => [q.name, typeof v === 'string' ? v : JSON.stringify(v)] as [string, string]),
                  ),
              ]
            : []),
          fc.tuple(fc.constantFrom('token', 'lastEventId', 'limit', 'cursor', 'x'), anyString),
        ),
        { maxLength: 4 },
      ),
      rawQuery: fc.option(fc.constantFrom('limit=%', 'cursor=%E0%A4%A', 'a&&b==c', 'limit=1&limit=2', '%%'), { freq: 10 }),
      headers: fc
        .record(
          {
            'if-match': fc.oneof(fc.constantFrom('"1"', 'W/"2"', '*', '"999999999999"', '"0"', 'garbage', ''), anyString),
            'last-event-id': fc.oneof(fc.constantFrom('0', '1', '99999999999999999999', '-1', 'x-1'), anyString),
            'accept-language': fc.oneof(fc.constantFrom('de-DE,de;q=0.9', '*', ''), anyString),
            'x-forwarded-for': fc.oneof(fc.constantFrom('203.0.113.9', '::1', 'garbage, 10.0.0.1'), anyString),
            'user-agent': fc.oneof(
              fc.constantFrom('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'),
              fc.string({ maxLength: 1000 }),
            ),
          },
          { requiredKeys: [] },
        )
        .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v)))),
      body: fc.oneof(
        { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
        { weight: 3, arbitrary: valueOf(op.body ?? undefined, components).map((value) => ({ kind: 'json' as const, value })) },
        ...(EXAMPLES[`${op.method} ${op.path}`]
          ? [
              {
                weight: 5,
                arbitrary: mutated(EXAMPLES[`${op.method} ${op.path}`]!, op.body, components).map((value) => ({
                  kind: 'json' as const,
                  value,
                })),
              },
            ]
          : []),
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('text' as const),
            text: fc.oneof(
              fc.constantFrom('{', '[1,', '{"a":}', 'null', '"x"', '', '\u0000'),
              fc.string({ maxLength: 50 }),
              fc.constant('x'.repeat(70 * 1024)),
            ),
            contentType: fc.constantFrom(
              'application/json',
              'text/plain',
              'application/merge-patch+json',
              'application/json; charset=utf-16',
              null,
            ),
          }),
        },
      ),
    }),
  );

/** The operations of the document, as the fuzzer needs them. */
const operationsOf = (doc: { paths: Record<string, Record<string, Schema>> }): Op[] =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = (op.parameters ?? []) as { name: string; in: string; schema: Schema }[];
      return {
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: (op.requestBody?.content?.['application/json']?.schema as Schema | undefined) ?? null,
        ifMatch: parameters.some((p) => p.in === 'header' && p.name === 'If-Match'),
      };
    }),
  );

/** An account with every role, a widget served by an online agent, chats, a share link and audit entries. */
const world = async () => {
  const hub = new StreamHub({ heartbeatMs: 60_000 });
  const t = testApp({}, { peerAddress: () => '198.51.100.7', streamHub: hub });
  const owner = await t.owner();
  const admin = await t.member(owner.token, 'admin');
  const supervisor = await t.member(owner.token, 'supervisor');
  const agent = await t.member(owner.token, 'agent');
  const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, owner.token)).json;
  await t.call('PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: [agent.user.id] }, owner.token);
  await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, agent.token);
  const chat = (await t.call('POST', `/api/v1/widgets/${widget.id}/chats`, { message: 'Hello', email: 'vera@example.com', name: 'Vera' }))
    .json;
  const other = (await t.call('POST', `/api/v1/widgets/${widget.id}/chats`, { message: 'Hi', email: 'otto@example.com' })).json;
  const share = (await t.call('POST', '/api/v1/monitor/share-links', {}, owner.token)).json;
  await t.call(
    'PUT',
    `/api/v1/widgets/${widget.id}/integrations/open-api`,
    { enabled: true, url: 'https://hooks.example/parley', events: ['chat.started'] },
    owner.token,
  );
  const audit = (await t.call('GET', '/api/v1/audit?limit=5', undefined, owner.token)).json;
  const deliveries = (await t.call('GET', `/api/v1/widgets/${widget.id}/deliveries`, undefined, owner.token)).json;
  const apiToken = (await t.call('POST', '/api/v1/account/api-tokens', { label: 'Script' }, owner.token)).json;
  const refs: Record<ParamRef, string> = {
    widget: widget.id,
    chat: chat.chatId,
    agentUser: agent.user.id,
    ownerUser: owner.user.id,
    shareLink: share.link.id,
    shareToken: share.token,
    auditEntry: audit.items?.[0]?.id ?? 'none',
    delivery: deliveries.items?.[0]?.id ?? 'none',
    account: owner.account.id,
    apiToken: apiToken.token.id,
  };
  const tokens = {
    visitor: chat.visitorToken as string,
    otherVisitor: other.visitorToken as string,
    agent: agent.token,
    supervisor: supervisor.token,
    admin: admin.token,
    owner: owner.token,
  };
  return { ...t, hub, refs, tokens, apiTokenSecret: apiToken.secret as string };
};

const send = async (w: Awaited<ReturnType<typeof world>>, r: FuzzRequest) => {
  let path = r.op.path;
  r.op.params.forEach((name, i) => {
    const p = r.params[i]!;
    const value = 'ref' in p ? encodeURIComponent(w.refs[p.ref]) : /^%/.test(p.raw) ? p.raw : encodeURIComponent(p.raw);
    path = path.replace(`{${name}}`, value);
  });
  const query = new URLSearchParams(r.query);
  const headers: Record<string, string> = { ...r.headers };
  const c = r.credential;
  const bearer = c === 'garbage' ? 'garbage-token' : c in w.tokens ? w.tokens[c as keyof typeof w.tokens] : null;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (c.startsWith('cookie')) headers.cookie = `parley_session=${w.tokens[c === 'cookie' ? 'agent' : 'owner']}`;
  if (c === 'cookieSameOrigin') headers.origin = 'http://localhost';
  if (c === 'cookieForeignOrigin') headers.origin = 'https://evil.example';
  if (c === 'cookieNullOrigin') headers.origin = 'null';
  if (c === 'cookieGarbageOrigin') headers.origin = 'not a url';
  if (c === 'queryToken') query.set('token', w.tokens.owner);
  if (c === 'apiToken') headers.authorization = w.apiTokenSecret; // as the commercial service's scripts send it
  const search = [query.toString(), r.rawQuery].filter(Boolean).join('&');
  let body: string | undefined;
  if (r.body.kind === 'json') {
    body = JSON.stringify(r.body.value);
    headers['content-type'] = 'application/json';
  } else if (r.body.kind === 'text') {
    body = r.body.text;
    if (r.body.contentType) headers['content-type'] = r.body.contentType;
  }
  const methodTakesBody = r.method !== 'GET' && r.method !== 'HEAD';
  const res = await w.app.request(path + (search ? `?${search}` : ''), {
    method: r.method,
    headers,
    ...(methodTakesBody && body !== undefined ? { body } : {}),
  });
  // Streams stay open: read nothing, close them.
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
  else await res.text();
  return res.status;
};

describe('fuzzing every route of the OpenAPI document', () => {
  it(
    `answers ${RUNS} generated requests without a single 5xx, and leaves no stream open`,
    async () => {
      const first = await world();
      const doc = (await (await first.app.request('/api/v1/openapi.json')).json()) as {
        paths: Record<string, Record<string, Schema>>;
        components: { schemas: Record<string, Schema> };
      };
      first.parley.monitor.close();
      const ops = operationsOf(doc);
      expect(ops.length).toBeGreaterThan(50);
      const requests = fc.sample(requestOf(ops, doc.components.schemas), { seed: SEED, numRuns: RUNS });
      const failures: string[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < requests.length; i += BATCH) {
        const w = await world();
        for (const r of requests.slice(i, i + BATCH)) {
          seen.add(`${r.op.method} ${r.op.path}`);
          const status = await send(w, r);
          if (status >= 500 && failures.length < 20)
            failures.push(
              `${status} ${r.method} ${r.op.path} ${JSON.stringify({ ...r, op: undefined }).slice(0, 600)}\n${w.errors.map((e) => String((e as Error)?.stack ?? e)).slice(-1)[0] ?? ''}`,
            );
        }
        // Every stream's response was read or cancelled: none may stay open behind it.
        await new Promise((r) => setTimeout(r, 20));
        if (w.hub.size > 0) failures.push(`${w.hub.size} event streams left open after requests ${i} to ${i + BATCH - 1}`);
        w.hub.closeAll();
        w.parley.close();
      }
      expect(failures, failures.join('\n\n')).toEqual([]);
      expect(seen.size).toBe(ops.length);
    },
    Math.max(120_000, RUNS * 50),
  );
});
