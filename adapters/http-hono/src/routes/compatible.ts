import { apiTokenSchemas, chatSchemas, logsQuerySchema } from '@parley/core';
import { z } from 'zod';
import { idParams, pathParam, type Api } from '../api.js';
import type { HttpAppContext } from '../context.js';
import { anyOriginCors } from '../any-origin-cors.js';
import { assertWidgetOrigin } from './chats.js';
import * as docs from './compatible.docs.js';

const emailQuery = z.object({ email: z.string().max(254).describe('The agent’s e-mail address in this account.') });

const tooMany = { 429: { description: 'Too many requests (`rate_limited`, with Retry-After)', schema: 'Problem' } };

/** The compatible APIs' path: the account whose API token authorizes the request. */
const accountParams = z.object({ accountId: pathParam });

/**
 * The counterparts of the commercial service's public APIs, for scripts migrating to Parley: account API
 * tokens (managed by owners and admins with their session), the Logs API and the Agent Status API under
 * `/api/v2/:accountId` (authorized by an API token of that account, and by nothing else), and the Visitor
 * Chat API's shape of a widget's availability (public).
 */
export const compatibleRoutes = (api: Api, ctx: HttpAppContext): void => {
  const { parley } = api;

  api.route(
    'post',
    '/api/v1/account/api-tokens',
    {
      tag: 'account',
      summary: 'Create an API token for scripts and BI tools (owner, admin); audited',
      description: docs.postAccountApiTokens,
      auth: 'user',
      body: apiTokenSchemas.create,
      responses: {
        201: { description: 'Created', schema: 'CreatedApiToken' },
        400: { description: 'Invalid label, scope or expiry', schema: 'Problem' },
        403: { description: 'Owners and admins only', schema: 'Problem' },
      },
    },
    async (c, { principal, body }) => {
      const created = await parley.compatible.createToken(principal, body);
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
        200: {
          description: 'The tokens (never their secrets)',
          schema: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ApiToken' } } },
          },
        },
        403: { description: 'Owners and admins only', schema: 'Problem' },
      },
    },
    async (c, { principal }) => c.json({ items: await parley.compatible.listTokens(principal) }),
  );

  api.route(
    'delete',
    '/api/v1/account/api-tokens/:id',
    {
      tag: 'account',
      summary: 'Revoke an API token (owner, admin); audited',
      description: 'It stops working at once. Audited as `api_token.revoked` (type `security`).',
      auth: 'user',
      params: idParams,
      responses: {
        204: { description: 'Revoked' },
        403: { description: 'Owners and admins only', schema: 'Problem' },
        404: { description: 'No such token', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) => {
      await parley.compatible.revokeToken(principal, params.id);
      return c.body(null, 204);
    },
  );

  api.route(
    'get',
    '/api/v2/:accountId/logs',
    {
      tag: 'compatible',
      summary: 'Logs API: the widget’s cases (chats and offline requests) created in a date range, with transcripts, 100 a page',
      description: docs.getLogs,
      auth: 'apiToken',
      // Counted before the token is looked at, so requests with wrong tokens pay too.
      limit: 'compatibleApi',
      params: accountParams,
      query: logsQuerySchema,
      responses: {
        200: { description: 'One page', schema: 'LogsPage' },
        400: { description: 'Invalid query', schema: 'Problem' },
        404: { description: 'No such widget in this account', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c, { principal, query }) => {
      const page = await parley.compatible.logs(principal, query);
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
      description: docs.tokenRoutesNote,
      auth: 'apiToken',
      // Counted before the token is looked at, so requests with wrong tokens pay too.
      limit: 'compatibleApi',
      params: accountParams,
      query: emailQuery,
      responses: {
        200: { description: 'The status', schema: 'AgentStatusByEmail' },
        400: { description: 'Invalid e-mail', schema: 'Problem' },
        404: { description: 'No user with this e-mail in the account', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c, { principal, query }) => {
      c.header('cache-control', 'no-store');
      return c.json(await parley.compatible.agentStatus(principal, query.email));
    },
  );

  api.route(
    'put',
    '/api/v2/:accountId/agent/status',
    {
      tag: 'compatible',
      summary: 'Agent Status API: set an agent’s status (and pause reason), by e-mail; audited',
      description: docs.putAgentStatus,
      auth: 'apiToken',
      // Counted before the token is looked at, so requests with wrong tokens pay too.
      limit: 'compatibleApi',
      params: accountParams,
      query: emailQuery,
      body: chatSchemas.agentStatus,
      responses: {
        200: { description: 'The new status', schema: 'AgentStatusByEmail' },
        404: { description: 'No user with this e-mail in the account', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c, { principal, query, body }) => c.json(await parley.compatible.setAgentStatus(principal, query.email, body)),
  );

  // Asked by pages on customers' sites, like the widget's own availability.
  api.app.use('/api/v1/chat/:widgetId', anyOriginCors({ allowMethods: ['GET'], allowHeaders: ['content-type'], maxAge: 600 }));
  api.route(
    'get',
    '/api/v1/chat/:widgetId',
    {
      tag: 'compatible',
      summary: 'Visitor Chat API: whether the widget can start a chat now and what the visitor must give (public)',
      description: docs.getChatOne,
      auth: 'none',
      params: z.object({ widgetId: pathParam }),
      limit: 'widgetReads',
      responses: {
        200: { description: 'The widget’s availability', schema: 'VisitorChat' },
        403: { description: 'Sent from a site the widget does not allow', schema: 'Problem' },
        404: { description: 'No such widget', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c, { params }) => {
      await assertWidgetOrigin(c, parley, params.widgetId);
      c.header('cache-control', 'no-store');
      return c.json(await parley.compatible.visitorChat(params.widgetId, c.get('meta').ip));
    },
  );
};
