import type { Context } from 'hono';
import { chatSchemas, openChatFeed, type ChatCaller, type Parley, type VisitorIdentity } from '@parley/core';
import { idParams, type Api } from '../api.js';
import type { AppEnv, HttpAppContext } from '../context.js';
import { pageOf } from '../openapi.js';
import { anyOriginCors } from '../any-origin-cors.js';
import { limitKeyOf } from '../limits.js';
import { acceptLanguage, foreignOrigin, lastEventId } from '../request.js';
import type { SseWriter, StreamHub } from '../sse.js';
import * as docs from './chats.docs.js';

/**
 * Refuses (403 `origin_not_allowed`) a visitor request sent from a page of a site the widget does not let
 * embed it. Requests from Parley's own origin (the widget's frame) and without `Origin` pass.
 */
export const assertWidgetOrigin = async (c: Context, parley: Parley, widgetId: string): Promise<void> => {
  const origin = foreignOrigin(c);
  if (origin !== null) await parley.chats.assertOriginAllowed(widgetId, origin);
};

/** As {@link assertWidgetOrigin}, for a chat route: only its visitor is held to the widget's sites. */
const assertCallerOrigin = (c: Context, parley: Parley, caller: ChatCaller<VisitorIdentity>): Promise<void> =>
  caller.kind === 'visitor' ? assertWidgetOrigin(c, parley, caller.visitor.widgetId) : Promise.resolve();

const chatEventSchema = { $ref: '#/components/schemas/ChatEvent' };
const streamResponse = (what: string) => ({ 200: { description: what, schema: { type: 'string' }, contentType: 'text/event-stream' } });

export const chatRoutes = (api: Api, ctx: HttpAppContext, hub: StreamHub): void => {
  const { parley } = api;
  // Widgets run on customers' sites: visitor routes answer any origin. They authenticate by token, never
  // by cookie, so a wildcard origin (which browsers never combine with credentials) exposes nothing.
  const publicCors = anyOriginCors({
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['content-type', 'authorization', 'last-event-id', 'idempotency-key'],
    maxAge: 600,
  });
  api.app.use('/api/v1/widgets/:id/availability', publicCors);
  api.app.use('/api/v1/widgets/:id/config', publicCors);
  api.app.use('/api/v1/widgets/:id/chats', publicCors);
  for (const p of ['events', 'messages', 'typing', 'pages', 'close', 'transcript', 'survey'])
    api.app.use(`/api/v1/chats/:id/${p}`, publicCors);
  const { limits } = ctx;
  // A chat write (message, draft, close, survey) counts against the address before anything else (the
  // routes' `limit`), and a visitor's against their chat, once their token proved it is theirs, so nobody
  // else can spend its allowance.
  const limitVisitorWrite = (caller: ChatCaller<VisitorIdentity>) =>
    caller.kind === 'visitor' ? limits.take('chatWritesPerChat', caller.visitor.chatId) : Promise.resolve();
  const limitWrites = 'chatWritesPerAddress';
  const tooMany = { 429: { description: 'Too many requests (`rate_limited`, with Retry-After)', schema: 'Problem' } };
  /** How forgetting a visitor and exporting their data refuse: the same body, the same callers. */
  const visitorDataProblems = {
    400: { description: 'Neither an e-mail address nor a browser key, or one that is not valid', schema: 'Problem' },
    403: { description: 'Not an owner or admin, or an API token', schema: 'Problem' },
    ...tooMany,
  };
  /** A public read of a widget (availability, config): limited per address, origin-checked, never cached. */
  const publicWidgetRead =
    (read: (widgetId: string, c: Context<AppEnv>) => Promise<unknown>) =>
    async (c: Context<AppEnv>, { params }: { params: { id: string } }) => {
      await assertWidgetOrigin(c, parley, params.id);
      c.header('cache-control', 'no-store');
      return c.json(await read(params.id, c));
    };

  api.route(
    'get',
    '/api/v1/widgets/:id/availability',
    {
      tag: 'chats',
      summary: 'Whether the widget can start a chat now (public): show the chat button or the offline form',
      description: docs.getWidgetsAvailability,
      auth: 'none',
      params: idParams,
      limit: 'widgetReads',
      responses: {
        200: { description: 'Availability', schema: 'WidgetAvailability' },
        403: { description: 'Sent from a site the widget does not allow', schema: 'Problem' },
        404: { description: 'No such widget', schema: 'Problem' },
        ...tooMany,
      },
    },
    publicWidgetRead((id) => parley.chats.availability(id)),
  );

  api.route(
    'get',
    '/api/v1/widgets/:id/config',
    {
      tag: 'chats',
      summary: 'What the visitor widget needs to show itself (public): texts, appearance, forms, availability',
      description: docs.getWidgetsConfig,
      auth: 'none',
      params: idParams,
      limit: 'widgetReads',
      responses: {
        200: { description: 'The widget’s public configuration', schema: 'WidgetConfig' },
        403: { description: 'Sent from a site the widget does not allow', schema: 'Problem' },
        404: { description: 'No such widget', schema: 'Problem' },
        ...tooMany,
      },
    },
    // A transcript mailed by a server that sends no mail would never arrive: the widget then does not offer one.
    publicWidgetRead(async (id, c) => ({
      ...(await parley.chats.widgetConfig(id, c.get('meta').ip)),
      transcriptByMail: ctx.options.mailTransport !== false,
    })),
  );

  api.route(
    'post',
    '/api/v1/widgets/:id/chats',
    {
      tag: 'chats',
      summary: 'Start a chat (public), or leave an offline request when nobody is online, outside business hours or when the queue is full',
      description: docs.postWidgetsChats,
      auth: 'none',
      params: idParams,
      body: chatSchemas.chatStart,
      limit: 'chatStart',
      responses: {
        201: { description: 'Started', schema: 'StartedChat' },
        403: {
          description: 'Sent from a site the widget does not allow (`origin_not_allowed`), or by a visitor it blocks (`visitor_blocked`)',
          schema: 'Problem',
        },
        404: { description: 'No such widget', schema: 'Problem' },
        503: {
          description:
            'Nobody can take a chat now (nobody online, outside business hours, queue full) and the widget takes no offline requests',
          schema: 'Problem',
        },
        ...tooMany,
      },
    },
    async (c, { params, body }) => {
      await assertWidgetOrigin(c, parley, params.id);
      const language = body.language === undefined ? acceptLanguage(c) : undefined;
      const { chat, visitorToken, queue } = await parley.chats.start(
        params.id,
        { ...body, ...(language ? { language } : {}) },
        c.get('meta'),
      );
      c.header('cache-control', 'no-store');
      return c.json(
        {
          chatId: chat.id,
          visitorToken,
          status: chat.status,
          kind: chat.kind,
          queue: queue ? { position: queue.position, estimatedWaitSeconds: queue.estimatedWaitSeconds, staffed: queue.staffed } : null,
        },
        201,
      );
    },
  );

  api.route(
    'get',
    '/api/v1/chats/:id/events',
    {
      tag: 'chats',
      summary: 'The chat’s events as server-sent events (visitor, or a user who may read the chat)',
      description: docs.getChatsEvents,
      auth: 'visitorOrUser',
      queryToken: true,
      params: idParams,
      responses: {
        ...streamResponse('The stream'),
        403: { description: 'A visitor’s request from a site the widget does not allow', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c, { params, caller }) => {
      const chatId = params.id;
      await assertCallerOrigin(c, parley, caller);
      if (caller.kind === 'user') await parley.chats.get(caller.user, chatId); // 404 unless the user may read it
      const raw = lastEventId(c);
      const after = raw && /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : 0;
      const viewer = caller.kind === 'visitor' ? caller.visitor : caller.user;
      const release = caller.kind === 'visitor' ? await limits.openStream(chatId) : () => {};
      const start = (w: SseWriter) => {
        const feed = openChatFeed(parley.chats, parley.deps.events, viewer, chatId, after, (item) => w.send(item), {
          onError: () => w.close(),
        });
        return () => {
          feed.close();
          release();
        };
      };
      return hub.respond(c, start, { owner: caller.kind === 'user' ? caller.user : undefined });
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/messages',
    {
      tag: 'chats',
      summary: 'Send a message: the visitor (also while queued), or the agent the chat is assigned to',
      description: docs.postChatsMessages,
      auth: 'visitorOrUser',
      visitorIdentityOnly: true,
      params: idParams,
      body: chatSchemas.message,
      idempotencyKey: true,
      limit: limitWrites,
      responses: {
        201: {
          description: 'The stored message event (also when this key was sent before: the event stored then)',
          schema: chatEventSchema,
        },
        403: { description: 'A visitor’s request from a site the widget does not allow', schema: 'Problem' },
        409: { description: 'The chat is over', schema: 'Problem' },
        422: { description: 'This key was used for another message of the chat (`idempotency_key_reused`)', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c, { params, caller, body }) => {
      await assertCallerOrigin(c, parley, caller);
      await limitVisitorWrite(caller);
      const event =
        caller.kind === 'visitor'
          ? await parley.chats.sendAsVisitor(caller.visitor, body)
          : await parley.chats.sendAsAgent(caller.user, params.id, body);
      return c.json(event, 201);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/notes',
    {
      tag: 'chats',
      summary: 'Add a note for the team to a chat: anyone who may read it, in any state; the visitor never sees it',
      description: docs.postChatsNotes,
      auth: 'user',
      params: idParams,
      body: chatSchemas.message,
      idempotencyKey: true,
      limit: limitWrites,
      responses: {
        201: {
          description: 'The stored `chat.note` event (also when this key was sent before: the event stored then)',
          schema: chatEventSchema,
        },
        404: { description: 'No such chat (or not yours to read)', schema: 'Problem' },
        422: { description: 'This key was used for another message or note of the chat (`idempotency_key_reused`)', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c, { params, principal, body }) => c.json(await parley.chats.addNote(principal, params.id, body), 201),
  );

  api.route(
    'post',
    '/api/v1/chats/:id/pages',
    {
      tag: 'chats',
      summary: 'The visitor opened a page of the site while the chat goes on (visitor; the widget sends it on each page load)',
      description: docs.postChatsPages,
      auth: 'visitor',
      visitorIdentityOnly: true,
      params: idParams,
      body: chatSchemas.page,
      limit: limitWrites,
      responses: {
        204: { description: 'Recorded (or the chat is on that page already)' },
        400: { description: 'Not an http(s) URL (`validation_failed`)', schema: 'Problem' },
        403: { description: 'Not the chat’s visitor, or a request from a site the widget does not allow', schema: 'Problem' },
        409: { description: 'The chat is over', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c, { visitor, body }) => {
      await assertWidgetOrigin(c, parley, visitor.widgetId);
      await limitVisitorWrite({ kind: 'visitor', visitor });
      await parley.chats.recordPage(visitor, body);
      return c.body(null, 204);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/forget-visitor',
    {
      tag: 'chats',
      summary: 'Delete every ended chat of one visitor, by e-mail and browser (owner, admin); audited',
      description: docs.postChatsForgetVisitor,
      auth: 'user',
      body: chatSchemas.forgetVisitor,
      limit: limitWrites,
      responses: {
        200: {
          description: 'What was deleted, and what was left because it is still open',
          schema: {
            type: 'object',
            required: ['deleted', 'open'],
            properties: {
              deleted: { type: 'integer', description: 'Chats and offline requests deleted.' },
              open: { type: 'integer', description: 'The visitor’s chats still queued or open, left as they are.' },
            },
          },
        },
        ...visitorDataProblems,
      },
    },
    async (c, { principal, body }) => c.json(await parley.chats.forgetVisitor(principal, body)),
  );

  api.route(
    'post',
    '/api/v1/chats/export-visitor',
    {
      tag: 'chats',
      summary: 'Everything stored of one visitor, by e-mail and browser, as a JSON file (owner, admin); audited',
      description: docs.postChatsExportVisitor,
      auth: 'user',
      body: chatSchemas.forgetVisitor,
      limit: limitWrites,
      responses: {
        200: { description: 'Their chats and offline requests, oldest first', schema: 'VisitorExport' },
        ...visitorDataProblems,
      },
    },
    async (c, { principal, body }) => {
      const data = await parley.chats.exportVisitor(principal, body);
      c.header('Content-Disposition', `attachment; filename="parley-visitor-${data.exportedAt.slice(0, 10)}.json"`);
      c.header('Cache-Control', 'no-store');
      return c.json(data);
    },
  );

  api.route(
    'delete',
    '/api/v1/chats/:id',
    {
      tag: 'chats',
      summary: 'Delete an ended chat or offline request for good (owner, admin); audited',
      description: docs.deleteChatsOne,
      auth: 'user',
      params: idParams,
      limit: limitWrites,
      responses: {
        204: { description: 'Deleted' },
        403: { description: 'Not an owner or admin, or an API token', schema: 'Problem' },
        404: { description: 'No such chat', schema: 'Problem' },
        409: { description: 'The chat is still queued or open (`chat_open`)', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c, { params, principal }) => {
      await parley.chats.deleteChat(principal, params.id);
      return c.body(null, 204);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/block-visitor',
    {
      tag: 'chats',
      summary: 'Block the chat’s visitor from its widget and close the chat: its agent, or a supervisor',
      description: docs.postChatsBlockVisitor,
      auth: 'user',
      params: idParams,
      limit: limitWrites,
      responses: {
        200: {
          description: 'Blocked (or already blocked), and the chat closed',
          schema: {
            type: 'object',
            required: ['chat', 'blocked'],
            properties: {
              chat: { $ref: '#/components/schemas/Chat' },
              blocked: { type: 'string', description: 'The address now in the widget’s `blockedVisitors`.' },
            },
          },
        },
        403: { description: 'Not the chat’s agent, nor a supervisor, admin or owner', schema: 'Problem' },
        404: { description: 'No such chat (or not yours to read)', schema: 'Problem' },
        409: {
          description: 'The visitor’s address is unknown, or the widget blocks as many addresses as it can (`conflict`)',
          schema: 'Problem',
        },
        ...tooMany,
      },
    },
    async (c, { params, principal }) => c.json(await parley.chats.blockVisitor(principal, params.id)),
  );

  api.route(
    'post',
    '/api/v1/chats/:id/typing',
    {
      tag: 'chats',
      summary: 'Typing: the visitor’s draft (sneak peek) to the agent, or that the assigned agent is typing to the visitor',
      description: docs.postChatsTyping,
      auth: 'visitorOrUser',
      params: idParams,
      body: chatSchemas.typing,
      limit: limitWrites,
      responses: {
        204: { description: 'Relayed (or dropped by the throttle for a newer one)' },
        403: {
          description: 'Not the chat’s assigned agent, or a visitor’s request from a site the widget does not allow',
          schema: 'Problem',
        },
        409: { description: 'The chat is over', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c, { params, caller, body }) => {
      await assertCallerOrigin(c, parley, caller);
      await limitVisitorWrite(caller);
      if (caller.kind === 'visitor') await parley.chats.typingAsVisitor(caller.visitor, body);
      else await parley.chats.typingAsAgent(caller.user, params.id, body);
      return c.body(null, 204);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/close',
    {
      tag: 'chats',
      summary: 'Close the chat: the visitor (a queued chat becomes abandoned), its agent, or a supervisor',
      description: docs.postChatsClose,
      auth: 'visitorOrUser',
      params: idParams,
      limit: limitWrites,
      responses: {
        200: { description: 'Closed', schema: { type: 'object', properties: { chatId: { type: 'string' }, status: { type: 'string' } } } },
        403: { description: 'A visitor’s request from a site the widget does not allow', schema: 'Problem' },
        ...tooMany,
        409: {
          description: 'The chat is over (`chat_closed`), or its widget asks for a label first (`label_required`)',
          schema: 'Problem',
        },
      },
    },
    async (c, { params, caller }) => {
      await assertCallerOrigin(c, parley, caller);
      await limitVisitorWrite(caller);
      const chat =
        caller.kind === 'visitor' ? await parley.chats.closeAsVisitor(caller.visitor) : await parley.chats.close(caller.user, params.id);
      return c.json(caller.kind === 'visitor' ? { chatId: chat.id, status: chat.status } : chat);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/transcript',
    {
      tag: 'chats',
      summary: 'Mail the visitor the chat’s transcript (visitor)',
      description: docs.postChatsTranscript,
      auth: 'visitor',
      params: idParams,
      body: chatSchemas.transcriptRequest,
      responses: {
        202: {
          description: 'Queued for sending',
          schema: { type: 'object', required: ['email'], properties: { email: { type: 'string', description: 'Where it goes.' } } },
        },
        400: { description: 'No address given and none known', schema: 'Problem' },
        429: { description: 'Already sent for this chat, or too many from your address', schema: 'Problem' },
      },
    },
    async (c, { visitor, body }) => {
      await assertWidgetOrigin(c, parley, visitor.widgetId);
      await limits.take('transcriptMails', limitKeyOf(c));
      // The body was checked before the chat's allowance is spent, so a mistyped address does not use it up.
      await limits.take('transcriptMailsPerChat', visitor.chatId);
      return c.json(await parley.chats.mailTranscript(visitor, body, c.get('meta')), 202);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/survey',
    {
      tag: 'chats',
      summary: 'Rate the chat after it ended: a score of 1 to 5 and an optional comment (visitor)',
      description: docs.postChatsSurvey,
      auth: 'visitor',
      visitorIdentityOnly: true,
      params: idParams,
      body: chatSchemas.survey,
      limit: limitWrites,
      responses: {
        201: {
          description: 'Saved',
          schema: {
            type: 'object',
            required: ['chatId', 'survey'],
            properties: { chatId: { type: 'string' }, survey: { $ref: '#/components/schemas/ChatSurvey' } },
          },
        },
        400: {
          description: 'A score that is not a whole number from 1 to 5, or a comment too long (`validation_failed`)',
          schema: 'Problem',
        },
        403: { description: 'Not the chat’s visitor, or a request from a site the widget does not allow', schema: 'Problem' },
        409: { description: 'The chat cannot be rated (`not_surveyable`), or was rated already (`survey_taken`)', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c, { visitor, body }) => {
      await assertWidgetOrigin(c, parley, visitor.widgetId);
      await limitVisitorWrite({ kind: 'visitor', visitor });
      const chat = await parley.chats.takeSurvey(visitor, body);
      return c.json({ chatId: chat.id, survey: chat.survey }, 201);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/transfer',
    {
      tag: 'chats',
      summary:
        'Hand an open chat to a colleague (`agentId`) or to another widget’s queue (`widgetId`), or take it over: its agent, or a supervisor',
      description:
        'Exactly one of `agentId` and `widgetId`. `agentId`: an online agent of the chat’s widget with room under their maximum (else 409 `agent_unavailable`). **Take-over:** a supervisor, admin or owner who gives a colleague’s chat to themselves (`agentId` their own id) takes it over; stepping in is their explicit decision, so it may exceed their maximum and needs no place among the widget’s agents, only that they are online or paused (offline: 409 `agent_unavailable` with `agentStatus` `offline`; go online first). An agent may only transfer their own chats: a colleague’s gets 403 `forbidden`. `widgetId`: another widget of the account; the chat leaves its agent and re-enters that widget’s queue as if it arrived now, routed as usual (taken at once by a free agent of that widget, else queued; the answer shows which). A widget whose visitors would now see the offline form (nobody online or paused, `alwaysOffline`, outside business hours, or its queue full) takes none: 409 `widget_unavailable`. Either way the transcript gets a `chat.transferred` event (with `toWidgetId` for a widget) and the visitor’s stream goes on. An optional `note` for whoever takes the chat (trimmed, at most 5000 characters, empty means none) is stored as a team note (`chat.note`, never shown to the visitor) just before that event, in the same write: too long gets 400 `validation_failed` (`too_big` at `/note`) and nothing changes. `GET /api/v1/chats/{id}/transfer-widgets` lists the widgets and whether each takes chats now.',
      auth: 'user',
      params: idParams,
      body: chatSchemas.transfer,
      responses: {
        200: { description: 'Transferred', schema: 'Chat' },
        400: {
          description:
            'Neither or both of agentId and widgetId, the same agent or widget, an unknown widget, or a note too long (`validation_failed`)',
          schema: 'Problem',
        },
        403: { description: 'An agent transferring (or taking) a colleague’s chat (`forbidden`)', schema: 'Problem' },
        404: { description: 'No such chat (or not yours to read)', schema: 'Problem' },
        409: {
          description:
            'The agent cannot take it (`agent_unavailable`: offline, or no room; a take-over only when offline), the widget takes no chats now (`widget_unavailable`), or the chat is not open',
          schema: 'Problem',
        },
      },
    },
    async (c, { principal, params, body }) => c.json(await parley.chats.transfer(principal, params.id, body)),
  );

  api.route(
    'get',
    '/api/v1/chats/:id/transfer-widgets',
    {
      tag: 'chats',
      summary: 'The widgets the chat may be transferred to, by name, each with its availability now',
      description: '`availability.mode` `offline` means a transfer to it now gets 409 `widget_unavailable`.',
      auth: 'user',
      params: idParams,
      responses: {
        200: {
          description: 'Every other widget of the account',
          schema: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: '#/components/schemas/TransferWidget' } } },
          },
        },
        404: { description: 'No such chat (or not yours to read)', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) => c.json({ items: await parley.chats.transferWidgets(principal, params.id) }),
  );

  api.route(
    'put',
    '/api/v1/chats/:id/handled',
    {
      tag: 'chats',
      summary: 'Mark an offline request handled, or not yet (agents of its widget, supervisors and up)',
      description: docs.putChatsHandled,
      auth: 'user',
      params: idParams,
      body: chatSchemas.handled,
      responses: {
        200: { description: 'The offline request as it is now', schema: 'Chat' },
        400: { description: 'A body that is not `{handled: boolean}` (`validation_failed`)', schema: 'Problem' },
        404: { description: 'No such chat (or not yours to read)', schema: 'Problem' },
        409: { description: 'Not an offline request (`not_offline_request`)', schema: 'Problem' },
      },
    },
    async (c, { principal, params, body }) => c.json(await parley.chats.setHandled(principal, params.id, body)),
  );

  api.route(
    'get',
    '/api/v1/chats',
    {
      tag: 'chats',
      summary:
        'Chats and offline requests, newest first (agents: of the widgets they serve); with q, those whose visitor or messages match',
      auth: 'user',
      query: chatSchemas.chatsQuery,
      responses: {
        200: { description: 'A page of chats (with q: each with what matched)', schema: pageOf('ListedChat') },
        400: { description: 'A filter or q that is not valid (`validation_failed`, path `/q`...)', schema: 'Problem' },
      },
    },
    async (c, { principal, query }) => c.json(await parley.chats.list(principal, query)),
  );

  api.route(
    'get',
    '/api/v1/chats/:id',
    {
      tag: 'chats',
      summary: 'A chat with its transcript (every event, oldest first)',
      auth: 'user',
      params: idParams,
      responses: {
        200: {
          description: 'The transcript',
          schema: {
            type: 'object',
            properties: { chat: { $ref: '#/components/schemas/Chat' }, events: { type: 'array', items: chatEventSchema } },
          },
        },
        404: { description: 'No such chat (or not yours to read)', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) => c.json(await parley.chats.get(principal, params.id)),
  );
};
