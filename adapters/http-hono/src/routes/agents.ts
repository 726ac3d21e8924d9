import { chatSchemas, decodeAgentCursor, openAgentFeed } from '@parley/core';
import { z } from 'zod';
import { idParams, pathParam, type Api } from '../api.js';
import { lastEventId } from '../request.js';
import type { SseWriter, StreamHub } from '../sse.js';

const statusView = {
  type: 'object',
  properties: {
    userId: { type: 'string' },
    status: { type: 'string', enum: ['online', 'paused', 'offline'] },
    since: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
    lastAssignedAt: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
    activeChats: { type: 'integer' },
    reason: { anyOf: [{ type: 'string', maxLength: 40 }, { type: 'null' }], description: 'The reason given with the status (`lunch`, `training`), or null.' },
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
      description:
        'Going online gives you the oldest queued chats of your widgets at once, up to your maximum (your own, set by an admin, else each widget’s). `reason` (at most 40 characters, e.g. `lunch`) is shown on the monitor and sent with `agent.status_changed`; leaving it out clears it.',
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
      description:
        'Like `PUT /agents/me/status`, for a user of the account. Audited (`agent.status_set`, type `agent`: who changed whose status and reason, from → to); the `agent.status` event and the integrations’ `agent.status_changed` name who did it (`by`, `changed_by`). Setting the same status and reason changes nothing.',
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
      description:
        '`freeSlots` is the widget’s `maxConcurrentChats` minus their open chats for an online agent, 0 otherwise (a transfer needs at least 1). Sorted by free slots, then name. Agents see the widgets they serve; supervisors and up, every widget. Deactivated users are left out.',
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
    { tag: 'agents', summary: 'Your status and how many chats you have open', auth: 'user', responses: { 200: { description: 'Your status', schema: statusView } } },
    async (c, { principal }) => c.json(await parley.presence.get(principal)),
  );

  api.route(
    'get',
    '/api/v1/agents/me/events',
    {
      tag: 'agents',
      summary: 'Your chats’ events, multiplexed, as server-sent events',
      description:
        'Every event of every chat assigned to you: on connect, the whole history of each open chat, then live events (assignments and transfers to you start a chat, with its history; close, abandonment and a transfer away end it). The visitor’s draft arrives as `chat.typing` (no id; empty text when cleared). Each stored event’s id is a cursor `<chatId>:<seq>,...,~<ms>` (each chat’s last seq and the time of the newest event sent; `0` for none): reconnecting with it (`Last-Event-ID` or `?lastEventId=`) resumes each chat after its seq, sends chats assigned meanwhile from their start, finishes chats that left you meanwhile, and sends whole the chats that were assigned to you and closed while you were away; a malformed cursor counts as none. When the hosts’ shared event bus (Redis) was away, the stream catches up the same way once it is back, each event still once. Your status changes arrive as `agent.status` (no id). While none of your streams is open for the grace period (`ChatConfig.agentAwayGraceMs`, 120 s by default), an online or paused status becomes offline (`reason: "disconnected"`). The stream ends with an `end` event (`session_ended`, `session_expired`) when your session does. Authenticate with the bearer token, the session cookie, or `?token=`.',
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
