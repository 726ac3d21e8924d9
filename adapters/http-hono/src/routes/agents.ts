import { chatSchemas, decodeAgentCursor, openAgentFeed } from '@parley/core';
import { z } from 'zod';
import { idParams, pathParam, type Api } from '../api.js';
import { lastEventId } from '../request.js';
import type { SseWriter, StreamHub } from '../sse.js';
import * as docs from './agents.docs.js';

const statusView = {
  type: 'object',
  properties: {
    userId: { type: 'string' },
    status: { type: 'string', enum: ['online', 'paused', 'offline'] },
    since: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
    lastAssignedAt: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
    activeChats: { type: 'integer' },
    reason: {
      anyOf: [{ type: 'string', maxLength: 40 }, { type: 'null' }],
      description: 'The reason given with the status (`lunch`, `training`), or null.',
    },
  },
};

export const agentRoutes = (api: Api, hub: StreamHub): void => {
  const { parley } = api;
  api.route(
    'put',
    '/api/v1/agents/me/status',
    {
      tag: 'agents',
      summary: 'Set your status: online (takes chats), paused (keeps open chats, takes no new ones), offline',
      description: docs.putAgentsMeStatus,
      auth: 'user',
      body: chatSchemas.agentStatus,
      responses: { 200: { description: 'Your status', schema: statusView } },
    },
    async (c, { principal, body }) => c.json(await parley.presence.setStatus(principal, body)),
  );

  api.route(
    'put',
    '/api/v1/agents/:userId/status',
    {
      tag: 'agents',
      summary: 'Set another agent’s status (an agent who forgot to sign out): supervisors, admins and owners',
      description: docs.putAgentsStatus,
      auth: 'user',
      params: z.object({ userId: pathParam }),
      body: chatSchemas.agentStatus,
      responses: { 200: { description: 'The agent’s status', schema: statusView } },
    },
    async (c, { principal, params, body }) => c.json(await parley.presence.setStatusOf(principal, params.userId, body)),
  );

  api.route(
    'get',
    '/api/v1/widgets/:id/colleagues',
    {
      tag: 'agents',
      summary: 'The other agents of a widget you serve, with status and free capacity: whom to transfer its chats to',
      description: docs.getWidgetsColleagues,
      auth: 'user',
      params: idParams,
      responses: {
        200: {
          description: 'The colleagues',
          schema: {
            type: 'array',
            items: {
              type: 'object',
              required: ['userId', 'name', 'status', 'activeChats', 'freeSlots'],
              properties: {
                userId: { type: 'string' },
                name: { type: 'string' },
                status: { type: 'string', enum: ['online', 'paused', 'offline'] },
                activeChats: { type: 'integer' },
                freeSlots: { type: 'integer' },
              },
            },
          },
        },
        404: { description: 'No such widget, or not one you serve', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) => c.json(await parley.presence.colleagues(principal, params.id)),
  );

  api.route(
    'get',
    '/api/v1/agents/me/status',
    {
      tag: 'agents',
      summary: 'Your status and how many chats you have open',
      auth: 'user',
      responses: { 200: { description: 'Your status', schema: statusView } },
    },
    async (c, { principal }) => c.json(await parley.presence.get(principal)),
  );

  api.route(
    'get',
    '/api/v1/agents/me/events',
    {
      tag: 'agents',
      summary: 'Your chats’ events, multiplexed, as server-sent events',
      description: docs.getAgentsMeEvents,
      auth: 'userOrQueryToken',
      responses: { 200: { description: 'The stream', schema: { type: 'string' }, contentType: 'text/event-stream' } },
    },
    async (c, { principal: p }) => {
      const cursor = decodeAgentCursor(lastEventId(c));
      const start = (w: SseWriter) => {
        const feed = openAgentFeed(parley, p, cursor, (item) => w.send(item), { onError: () => w.close() });
        return () => feed.close();
      };
      return hub.respond(c, start, { owner: p });
    },
  );
};
