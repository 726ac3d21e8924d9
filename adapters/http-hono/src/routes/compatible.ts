import type { Context } from 'hono';
import { apiTokenSchemas, chatSchemas, logsQuerySchema, ParleyError, type Principal } from '@parley/core';
import { z } from 'zod';
import { idParam, type Api, type AppEnv } from '../api.js';
import type { HttpAppContext } from '../app.js';
import { anyOriginCors } from '../any-origin-cors.js';
import { limitKeyOf } from '../limits.js';
import { readJson } from '../request.js';
import { assertWidgetOrigin } from './chats.js';

/** An API token as the commercial service's APIs send it (`Authorization: <token>`), or after `Bearer `. */
const API_TOKEN = /^(?:Bearer\s+)?([A-Za-z0-9_-]{1,200})$/i;

const emailQuery = z.object({ email: z.string().max(254).describe('The agent’s e-mail address in this account.') });

const tooMany = { 429: { description: 'Too many requests (`rate_limited`, with Retry-After)', schema: 'Problem' } };

const missingToken = () => new ParleyError('unauthenticated', 'Send an API token of this account in the Authorization header.');

/**
 * The counterparts of the commercial service's public APIs, for scripts migrating to Parley: account API
 * tokens (managed by owners and admins with their session), the Logs API and the Agent Status API under
 * `/api/v2/:accountId` (authorized by an API token of that account, and by nothing else), and the Visitor
 * Chat API's shape of a widget's availability (public).
 */
export const compatibleRoutes = (api: Api, ctx: HttpAppContext): void => {
  const { parley } = api;

  /** The principal of an API token of the path's account (401 without a valid one, 403 for another account's). */
  const tokenPrincipal = async (c: Context<AppEnv>): Promise<Principal> => {
    // Counted before the token is looked at, so requests with wrong tokens pay too.
    await ctx.limits.take('compatibleApi', limitKeyOf(c));
    const m = API_TOKEN.exec(c.req.header('authorization')?.trim() ?? '');
    if (!m) throw missingToken();
    const write = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    return parley.compatible.authenticate(c.req.param('accountId') ?? '', m[1]!, c.get('meta'), { write });
  };

  const tokenRoutesNote =
    'Authorize with an account API token: `Authorization: <token>` (as the commercial service’s APIs take it) or `Authorization: Bearer <token>`. A token of another account gets 403. Limited per client address (`PARLEY_LIMIT_COMPATIBLE_API`; 429 `rate_limited` with Retry-After).';

  api.route(
    'post',
    '/api/v1/account/api-tokens',
    {
      tag: 'account',
      summary: 'Create an API token for scripts and BI tools (owner, admin); audited',
      description:
        'The token (256 random bits) is in the answer once, as `secret`; only its SHA-256 is stored. ' +
        'Sent as `Authorization: Bearer <secret>` it reads `/api/v1` (GET, HEAD) with a supervisor’s rights; other methods get 403 ' +
        '`token_scope`. It also authorizes the compatible APIs of this account (`/api/v2/{accountId}/logs`, ' +
        '`/api/v2/{accountId}/agent/status`), their writes with scope `full` only. After `expiresAt` it gets 401 `token_expired`. ' +
        'Audited as `api_token.created` (type `security`), the secret redacted.',
      auth: 'user',
      body: apiTokenSchemas.create,
      responses: {
        201: { description: 'Created', schema: 'CreatedApiToken' },
        400: { description: 'Invalid label, scope or expiry', schema: 'Problem' },
        403: { description: 'Owners and admins only', schema: 'Problem' },
      },
    },
    async (c) => {
      const created = await parley.compatible.createToken(c.get('principal'), (await readJson(c)) as never);
      c.header('cache-control', 'no-store');
      c.header('location', `/api/v1/account/api-tokens/${created.token.id}`);
      return c.json(created, 201);
    },
  );

  api.route(
    'get',
    '/api/v1/account/api-tokens',
    {
      tag: 'account',
      summary: 'The account’s API tokens, newest first (owner, admin)',
      auth: 'user',
      responses: {
        200: { description: 'The tokens (never their secrets)', schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ApiToken' } } } } },
        403: { description: 'Owners and admins only', schema: 'Problem' },
      },
    },
    async (c) => c.json({ items: await parley.compatible.listTokens(c.get('principal')) }),
  );

  api.route(
    'delete',
    '/api/v1/account/api-tokens/:id',
    {
      tag: 'account',
      summary: 'Revoke an API token (owner, admin); audited',
      description: 'It stops working at once. Audited as `api_token.revoked` (type `security`).',
      auth: 'user',
      responses: { 204: { description: 'Revoked' }, 403: { description: 'Owners and admins only', schema: 'Problem' }, 404: { description: 'No such token', schema: 'Problem' } },
    },
    async (c) => {
      await parley.compatible.revokeToken(c.get('principal'), idParam(c));
      return c.body(null, 204);
    },
  );

  api.route(
    'get',
    '/api/v2/:accountId/logs',
    {
      tag: 'compatible',
      summary: 'Logs API: the widget’s cases (chats and offline requests) created in a date range, with transcripts, 100 a page',
      description: `${tokenRoutesNote} Each case has the fields of the Open API integration’s support-request payload (snake_case, see the \`LogsCase\` schema) plus \`created_at_date\` (epoch milliseconds), \`source_id\` (1 offline request, 2 chat) and \`date_submitted\` on each transcript item. Newest first; follow \`linkToNextSetOfResults\` (or pass \`next\`) until it is null: every case comes once. \`start\` and \`end\` are dates (read in \`timezone\`, default UTC; \`end\` includes its whole day) or ISO 8601 date-times with an offset. Bad dates, an unknown zone or an end before the start get 400 \`validation_failed\`.`,
      auth: 'apiToken',
      query: logsQuerySchema,
      responses: { 200: { description: 'One page', schema: 'LogsPage' }, 400: { description: 'Invalid query', schema: 'Problem' }, 404: { description: 'No such widget in this account', schema: 'Problem' }, ...tooMany },
    },
    async (c) => {
      const p = await tokenPrincipal(c);
      const page = await parley.compatible.logs(p, c.req.query() as never);
      let link: string | null = null;
      if (page.next !== null) {
        const url = new URL(c.req.url);
        url.searchParams.set('next', page.next);
        link = `${ctx.publicOrigin(c)}${url.pathname}${url.search}`;
      }
      c.header('cache-control', 'no-store');
      return c.json({ cases: page.cases, linkToNextSetOfResults: link, next: page.next });
    },
  );

  api.route(
    'get',
    '/api/v2/:accountId/agent/status',
    {
      tag: 'compatible',
      summary: 'Agent Status API: an agent’s status and pause reason, by e-mail',
      description: tokenRoutesNote,
      auth: 'apiToken',
      query: emailQuery,
      responses: { 200: { description: 'The status', schema: 'AgentStatusByEmail' }, 400: { description: 'Invalid e-mail', schema: 'Problem' }, 404: { description: 'No user with this e-mail in the account', schema: 'Problem' }, ...tooMany },
    },
    async (c) => {
      const p = await tokenPrincipal(c);
      c.header('cache-control', 'no-store');
      return c.json(await parley.compatible.agentStatus(p, c.req.query('email') ?? ''));
    },
  );

  api.route(
    'put',
    '/api/v2/:accountId/agent/status',
    {
      tag: 'compatible',
      summary: 'Agent Status API: set an agent’s status (and pause reason), by e-mail; audited',
      description: `${tokenRoutesNote} Works as a supervisor setting the status: routing takes it at once (going online takes queued chats), and the audit records \`agent.status_set\` with the token as the actor (\`actor.kind: api_token\`). A status without \`reason\` clears the reason.`,
      auth: 'apiToken',
      query: emailQuery,
      body: chatSchemas.agentStatus,
      responses: { 200: { description: 'The new status', schema: 'AgentStatusByEmail' }, 404: { description: 'No user with this e-mail in the account', schema: 'Problem' }, ...tooMany },
    },
    async (c) => {
      const p = await tokenPrincipal(c);
      return c.json(await parley.compatible.setAgentStatus(p, c.req.query('email') ?? '', (await readJson(c)) as never));
    },
  );

  // Asked by pages on customers' sites, like the widget's own availability.
  api.app.use('/api/v1/chat/:widgetId', anyOriginCors({ allowMethods: ['GET'], allowHeaders: ['content-type'], maxAge: 600 }));
  api.route(
    'get',
    '/api/v1/chat/:widgetId',
    {
      tag: 'compatible',
      summary: 'Visitor Chat API: whether the widget can start a chat now and what the visitor must give (public)',
      description:
        'The commercial service’s Visitor Chat API shape of GET /api/v1/widgets/{id}/availability (`widgetId` is the widget’s id): `online`, `emailRequired`, `messageRequired`, `screenshotRequired` (always false)… Answers any origin (CORS), never cached; limited per client address like the availability (`PARLEY_LIMIT_WIDGET_READS`); a page of a site the widget does not allow gets 403 `origin_not_allowed`.',
      auth: 'none',
      responses: {
        200: { description: 'The widget’s availability', schema: 'VisitorChat' },
        403: { description: 'Sent from a site the widget does not allow', schema: 'Problem' },
        404: { description: 'No such widget', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c) => {
      const widgetId = c.req.param('widgetId') ?? '';
      await ctx.limits.take('widgetReads', limitKeyOf(c));
      await assertWidgetOrigin(c, parley, widgetId);
      c.header('cache-control', 'no-store');
      return c.json(await parley.compatible.visitorChat(widgetId));
    },
  );
};
