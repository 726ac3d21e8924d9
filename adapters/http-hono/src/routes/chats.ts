import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  chatSchemas,
  parseInput,
  openChatFeed,
  ParleyError,
  type Parley,
  type Principal,
  type VisitorIdentity,
  type VisitorPrincipal,
} from '@parley/core';
import { idParam, type Api, type AppEnv } from '../api.js';
import type { HttpAppContext } from '../app.js';
import { pageOf } from '../openapi.js';
import { anyOriginCors } from '../any-origin-cors.js';
import { limitKeyOf } from '../limits.js';
import { assertSameOriginCookieWrite, foreignOrigin, readJson, withIdempotencyKey } from '../request.js';
import type { SseWriter, StreamHub } from '../sse.js';

/** Who is calling a chat route: the visitor of that chat, or a signed-in user. */
export type ChatCaller<V extends VisitorIdentity = VisitorPrincipal> = { readonly visitor: V } | { readonly user: Principal };

const TOKEN = /^[A-Za-z0-9._~+/=-]{1,200}$/;

/** The token of a request: `Authorization: Bearer`, else `?token=` where allowed (EventSource cannot set headers). */
export const requestToken = (c: Context, allowQuery: boolean): string | null => {
  const auth = c.req.header('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    return m && TOKEN.test(m[1]!) ? m[1]! : null;
  }
  const q = allowQuery ? c.req.query('token') : undefined;
  return q && TOKEN.test(q) ? q : null;
};

const unauthenticated = () => new ParleyError('unauthenticated', 'Send the visitor token of this chat, or sign in.');

/**
 * Authenticates a chat route: a bearer token is first tried as the chat's visitor token, then as a
 * user session; the session cookie means a user (and, for writes, must come from our own origin).
 */
export const chatCaller = (c: Context<AppEnv>, parley: Parley, ctx: HttpAppContext, chatId: string, allowQuery = false): Promise<ChatCaller> =>
  callerOf(c, parley, ctx, chatId, allowQuery, (id, token) => parley.chats.authenticateVisitor(id, token));

/**
 * As {@link chatCaller}, but a visitor comes back as their identity only (`ChatService.identifyVisitor`: no
 * storage read for a token checked before), for routes whose service call reads the chat itself.
 */
export const chatWriter = (c: Context<AppEnv>, parley: Parley, ctx: HttpAppContext, chatId: string): Promise<ChatCaller<VisitorIdentity>> =>
  callerOf(c, parley, ctx, chatId, false, (id, token) => parley.chats.identifyVisitor(id, token));

const callerOf = async <V extends VisitorIdentity>(
  c: Context<AppEnv>,
  parley: Parley,
  ctx: HttpAppContext,
  chatId: string,
  allowQuery: boolean,
  visitorOf: (chatId: string, token: string) => Promise<V>,
): Promise<ChatCaller<V>> => {
  const token = requestToken(c, allowQuery);
  if (token) {
    try {
      return { visitor: await visitorOf(chatId, token) };
    } catch (e) {
      if (!(e instanceof ParleyError) || e.code !== 'unauthenticated') throw e;
    }
    const user = await parley.auth.authenticate(token, c.get('meta'));
    if (user) return { user };
    throw unauthenticated();
  }
  const cookie = getCookie(c, ctx.cookieName);
  if (!cookie) throw unauthenticated();
  assertSameOriginCookieWrite(c);
  const user = await parley.auth.authenticate(cookie, c.get('meta'));
  if (!user) throw unauthenticated();
  return { user };
};

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
  'visitor' in caller ? assertWidgetOrigin(c, parley, caller.visitor.widgetId) : Promise.resolve();

/** `Last-Event-ID` (what EventSource sends on reconnect), else `?lastEventId=`. */
export const lastEventId = (c: Context): string | null => c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? null;

/** The first language tag of `Accept-Language`, if it is a well-formed one. */
const acceptLanguage = (c: Context): string | undefined => {
  const first = c.req.header('accept-language')?.split(',')[0]?.split(';')[0]?.trim();
  return first && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(first) && first.length <= 35 ? first : undefined;
};

const chatEventSchema = { $ref: '#/components/schemas/ChatEvent' };
const streamResponse = (what: string) => ({ 200: { description: what, schema: { type: 'string' }, contentType: 'text/event-stream' } });

export const chatRoutes = (api: Api, ctx: HttpAppContext, hub: StreamHub): void => {
  const { parley } = api;
  // Widgets run on customers' sites: visitor routes answer any origin. They authenticate by token, never
  // by cookie, so a wildcard origin (which browsers never combine with credentials) exposes nothing.
  const publicCors = anyOriginCors({ allowMethods: ['GET', 'POST'], allowHeaders: ['content-type', 'authorization', 'last-event-id', 'idempotency-key'], maxAge: 600 });
  api.app.use('/api/v1/widgets/:id/availability', publicCors);
  api.app.use('/api/v1/widgets/:id/config', publicCors);
  api.app.use('/api/v1/widgets/:id/chats', publicCors);
  for (const p of ['events', 'messages', 'typing', 'close', 'transcript', 'survey']) api.app.use(`/api/v1/chats/:id/${p}`, publicCors);
  const { limits } = ctx;
  /** A chat write (message, draft, close, survey) counts against the address before anything else... */
  const limitWriteByAddress = (c: Context<AppEnv>) => limits.take('chatWritesPerAddress', limitKeyOf(c));
  /** ...and a visitor's against their chat, once their token proved it is theirs, so nobody else can spend its allowance. */
  const limitVisitorWrite = (caller: ChatCaller<VisitorIdentity>, chatId: string) =>
    'visitor' in caller ? limits.take('chatWritesPerChat', chatId) : Promise.resolve();
  const tooMany = { 429: { description: 'Too many requests (`rate_limited`, with Retry-After)', schema: 'Problem' } };
  /** A public read of a widget (availability, config): limited per address, origin-checked, never cached. */
  const publicWidgetRead = (read: (widgetId: string) => Promise<unknown>) => async (c: Context<AppEnv>) => {
    await limits.take('widgetReads', limitKeyOf(c));
    await assertWidgetOrigin(c, parley, idParam(c));
    c.header('cache-control', 'no-store');
    return c.json(await read(idParam(c)));
  };

  api.route(
    'get',
    '/api/v1/widgets/:id/availability',
    {
      tag: 'chats',
      summary: 'Whether the widget can start a chat now (public): show the chat button or the offline form',
      description:
        '`mode` is `offline` (show the offline form) when nobody of the widget is online or paused, the widget always shows the form, it is outside its business hours (`outsideBusinessHours: true`), or its queue holds `maxQueueSize` chats and nobody can take another (`queueFull: true`). Limited per client address (`PARLEY_LIMIT_WIDGET_READS`).',
      auth: 'none',
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
      description:
        'Nothing secret. `availability` is what GET /api/v1/widgets/{id}/availability answers. Answers any origin (CORS), never cached; a page of a site the widget does not list in `allowedOrigins` gets 403 `origin_not_allowed`.',
      auth: 'none',
      responses: {
        200: { description: 'The widget’s public configuration', schema: 'WidgetConfig' },
        403: { description: 'Sent from a site the widget does not allow', schema: 'Problem' },
        404: { description: 'No such widget', schema: 'Problem' },
        ...tooMany,
      },
    },
    publicWidgetRead((id) => parley.chats.widgetConfig(id)),
  );

  api.route(
    'post',
    '/api/v1/widgets/:id/chats',
    {
      tag: 'chats',
      summary: 'Start a chat (public), or leave an offline request when nobody is online, outside business hours or when the queue is full',
      description:
        'Answers the chat id, the visitor token (send it as `Authorization: Bearer <visitorToken>`, or `?token=` on the event stream; it grants access to this one chat only and is shown only here), and the status: `active` (an agent has it), `queued` (with the place in the queue), or `offline` (an offline request: `email` is then required). Limited per client address (`PARLEY_LIMIT_CHAT_STARTS`): more is a 429 and starts nothing.',
      auth: 'none',
      body: chatSchemas.chatStart,
      responses: {
        201: { description: 'Started', schema: 'StartedChat' },
        403: { description: 'Sent from a site the widget does not allow', schema: 'Problem' },
        404: { description: 'No such widget', schema: 'Problem' },
        503: { description: 'Nobody can take a chat now (nobody online, outside business hours, queue full) and the widget takes no offline requests', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c) => {
      await limits.take('chatStart', limitKeyOf(c));
      await assertWidgetOrigin(c, parley, idParam(c));
      const body = await readJson(c);
      const language = body.language === undefined ? acceptLanguage(c) : undefined;
      const { chat, visitorToken } = await parley.chats.start(idParam(c), { ...body, ...(language ? { language } : {}) } as never, c.get('meta'));
      const queue = chat.status === 'queued' ? await parley.chats.queueStatus(chat.accountId, chat.id) : null;
      c.header('cache-control', 'no-store');
      return c.json(
        { chatId: chat.id, visitorToken, status: chat.status, kind: chat.kind, queue: queue ? { position: queue.position, estimatedWaitSeconds: queue.estimatedWaitSeconds } : null },
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
      description:
        'Each stored event has `id: <seq>`; reconnect with `Last-Event-ID` (EventSource does it) or `?lastEventId=` to get what was missed, in order, without duplicates; an open stream also catches up by itself when the hosts’ shared event bus (Redis) comes back after an outage. While queued, `chat.queue` events (no id) give the place and estimated wait. Comment lines every ~15 s keep the connection alive. Authenticate with `Authorization: Bearer <token>` or `?token=` (EventSource cannot set headers). A visitor whose stream of a queued chat stays closed past the grace period (`PARLEY_ABANDON_GRACE_SECONDS`) is marked abandoned. A signed-in user’s stream ends with their session, after an `end` event (`session_ended`, `session_expired`). A visitor may hold a few streams of their chat open at once (`PARLEY_LIMIT_VISITOR_STREAMS`); one more is a 429.',
      auth: 'visitorOrUser',
      responses: { ...streamResponse('The stream'), 403: { description: 'A visitor’s request from a site the widget does not allow', schema: 'Problem' }, ...tooMany },
    },
    async (c) => {
      const chatId = idParam(c);
      const caller = await chatCaller(c, parley, ctx, chatId, true);
      await assertCallerOrigin(c, parley, caller);
      if ('user' in caller) await parley.chats.get(caller.user, chatId); // 404 unless the user may read it
      const raw = lastEventId(c);
      const after = raw && /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : 0;
      const viewer = 'visitor' in caller ? caller.visitor : caller.user;
      const release = 'visitor' in caller ? await limits.openStream(chatId) : () => {};
      const start = (w: SseWriter) => {
        const feed = openChatFeed(parley.chats, parley.deps.events, viewer, chatId, after, (item) => w.send(item), { onError: () => w.close() });
        return () => {
          feed.close();
          release();
        };
      };
      return hub.respond(c, start, { owner: 'user' in caller ? caller.user : undefined });
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/messages',
    {
      tag: 'chats',
      summary: 'Send a message: the visitor (also while queued), or the agent the chat is assigned to',
      description:
        'Safe to send again: give each message a key of the client\'s own, `clientMessageId` in the body or the `Idempotency-Key` header (8 to 64 letters, digits, `_` or `-`; the widget and the console send one with every message), unique per chat. Sending it again — after a timeout or a lost connection, even after the chat ended — answers 201 with the event stored the first time (same `id` and `seq`) and stores nothing; the same key with another text, or from another sender, is a 422 `idempotency_key_reused`. The event carries its `clientMessageId`, so a client can match its own messages on the stream. Limited per client address (`PARLEY_LIMIT_CHAT_WRITES`) and, for the visitor, per chat (`PARLEY_LIMIT_CHAT_WRITES_PER_CHAT`); drafts and closes share the allowance.',
      auth: 'visitorOrUser',
      body: chatSchemas.message,
      idempotencyKey: true,
      responses: {
        201: { description: 'The stored message event (also when this key was sent before: the event stored then)', schema: chatEventSchema },
        403: { description: 'A visitor’s request from a site the widget does not allow', schema: 'Problem' },
        409: { description: 'The chat is over', schema: 'Problem' },
        422: { description: 'This key was used for another message of the chat (`idempotency_key_reused`)', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c) => {
      await limitWriteByAddress(c);
      const chatId = idParam(c);
      const caller = await chatWriter(c, parley, ctx, chatId);
      await assertCallerOrigin(c, parley, caller);
      await limitVisitorWrite(caller, chatId);
      const body = withIdempotencyKey(c, await readJson(c)) as never;
      const event = 'visitor' in caller ? await parley.chats.sendAsVisitor(caller.visitor, body) : await parley.chats.sendAsAgent(caller.user, chatId, body);
      return c.json(event, 201);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/typing',
    {
      tag: 'chats',
      summary: 'Typing: the visitor’s draft (sneak peek) to the agent, or that the assigned agent is typing to the visitor',
      description:
        'Throttled per chat (latest wins), never stored. The visitor’s `text` reaches the agent’s stream as `chat.typing`. The assigned agent’s reaches the visitor’s stream as `chat.agent_typing` `{typing, alias}`, never the text: `typing` is false for an empty text, and a `typing: false` follows when the agent’s message is sent or the chat ends or is transferred. Limited like messages, with which it shares the allowance.',
      auth: 'visitorOrUser',
      body: chatSchemas.typing,
      responses: {
        204: { description: 'Relayed (or dropped by the throttle for a newer one)' },
        403: { description: 'Not the chat’s assigned agent, or a visitor’s request from a site the widget does not allow', schema: 'Problem' },
        409: { description: 'The chat is over', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c) => {
      await limitWriteByAddress(c);
      const chatId = idParam(c);
      const caller = await chatCaller(c, parley, ctx, chatId);
      await assertCallerOrigin(c, parley, caller);
      await limitVisitorWrite(caller, chatId);
      const body = (await readJson(c)) as never;
      if ('visitor' in caller) parley.chats.typingAsVisitor(caller.visitor, body);
      else await parley.chats.typingAsAgent(caller.user, chatId, body);
      return c.body(null, 204);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/close',
    {
      tag: 'chats',
      summary: 'Close the chat: the visitor (a queued chat becomes abandoned), its agent, or a supervisor',
      description:
        'When the chat’s widget has `requireLabelToClose`, a user closing a chat without a label gets 409 `label_required` (the visitor is never refused for it).',
      auth: 'visitorOrUser',
      responses: {
        200: { description: 'Closed', schema: { type: 'object', properties: { chatId: { type: 'string' }, status: { type: 'string' } } } },
        403: { description: 'A visitor’s request from a site the widget does not allow', schema: 'Problem' },
        ...tooMany,
        409: { description: 'The chat is over (`chat_closed`), or its widget asks for a label first (`label_required`)', schema: 'Problem' },
      },
    },
    async (c) => {
      await limitWriteByAddress(c);
      const chatId = idParam(c);
      const caller = await chatCaller(c, parley, ctx, chatId);
      await assertCallerOrigin(c, parley, caller);
      await limitVisitorWrite(caller, chatId);
      const chat = 'visitor' in caller ? await parley.chats.closeAsVisitor(caller.visitor) : await parley.chats.close(caller.user, chatId);
      return c.json('visitor' in caller ? { chatId: chat.id, status: chat.status } : chat);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/transcript',
    {
      tag: 'chats',
      summary: 'Mail the visitor the chat’s transcript (visitor)',
      description:
        'To `email`, or the address the visitor gave when starting. The mail holds the messages with the agents’ aliases and times in the visitor’s time zone when known (UTC otherwise), and the page the chat started on, in the visitor’s language (else the widget’s). Limited per chat (`PARLEY_LIMIT_TRANSCRIPT_MAILS_PER_CHAT`, 3 a day) and per client address (`PARLEY_LIMIT_TRANSCRIPT_MAILS`, 5 an hour). Sent through the outbox (retried; see the widget’s deliveries).',
      auth: 'visitor',
      body: chatSchemas.transcriptRequest,
      responses: {
        202: { description: 'Queued for sending', schema: { type: 'object', properties: { email: { type: 'string' } } } },
        400: { description: 'No address given and none known', schema: 'Problem' },
        429: { description: 'Already sent for this chat, or too many from your address', schema: 'Problem' },
      },
    },
    async (c) => {
      const chatId = idParam(c);
      const caller = await chatCaller(c, parley, ctx, chatId);
      if (!('visitor' in caller)) throw new ParleyError('forbidden', 'Only the chat’s visitor can ask for its transcript by e-mail.');
      await assertCallerOrigin(c, parley, caller);
      await limits.take('transcriptMails', limitKeyOf(c));
      // Checked before the chat's allowance is spent, so a mistyped address does not use it up.
      const body = parseInput(chatSchemas.transcriptRequest, await readJson(c));
      await limits.take('transcriptMailsPerChat', chatId);
      return c.json(await parley.chats.mailTranscript(caller.visitor, body, c.get('meta')), 202);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/survey',
    {
      tag: 'chats',
      summary: 'Rate the chat after it ended: a score of 1 to 5 and an optional comment (visitor)',
      description:
        'Only for a chat an agent took and that has ended (`closed`): an open chat, an offline request or an abandoned chat is a 409 `not_surveyable`. Once per chat: a second answer is a 409 `survey_taken` and changes nothing (the first stands). `comment` (at most 2000 characters) keeps its line breaks; other control characters go and the ends are trimmed, and nothing visible means none. Stored with the chat (`survey`) and as a `chat.surveyed` event on the chat’s streams; integrations get `conversation.surveyed`. Limited like messages, with which it shares the allowance.',
      auth: 'visitor',
      body: chatSchemas.survey,
      responses: {
        201: { description: 'Saved', schema: { type: 'object', required: ['chatId', 'survey'], properties: { chatId: { type: 'string' }, survey: { $ref: '#/components/schemas/ChatSurvey' } } } },
        400: { description: 'A score that is not a whole number from 1 to 5, or a comment too long (`validation_failed`)', schema: 'Problem' },
        403: { description: 'Not the chat’s visitor, or a request from a site the widget does not allow', schema: 'Problem' },
        409: { description: 'The chat cannot be rated (`not_surveyable`), or was rated already (`survey_taken`)', schema: 'Problem' },
        ...tooMany,
      },
    },
    async (c) => {
      await limitWriteByAddress(c);
      const chatId = idParam(c);
      const caller = await chatWriter(c, parley, ctx, chatId);
      if (!('visitor' in caller)) throw new ParleyError('forbidden', 'Only the chat’s visitor can rate it.');
      await assertCallerOrigin(c, parley, caller);
      await limitVisitorWrite(caller, chatId);
      const chat = await parley.chats.takeSurvey(caller.visitor, (await readJson(c)) as never);
      return c.json({ chatId: chat.id, survey: chat.survey }, 201);
    },
  );

  api.route(
    'post',
    '/api/v1/chats/:id/transfer',
    {
      tag: 'chats',
      summary: 'Hand an open chat to a colleague (`agentId`) or to another widget’s queue (`widgetId`): its agent, or a supervisor',
      description:
        'Exactly one of `agentId` and `widgetId`. `agentId`: an online agent of the chat’s widget with room under their maximum (else 409 `agent_unavailable`). `widgetId`: another widget of the account; the chat leaves its agent and re-enters that widget’s queue as if it arrived now, routed as usual (taken at once by a free agent of that widget, else queued; the answer shows which). A widget whose visitors would now see the offline form (nobody online or paused, `alwaysOffline`, outside business hours, or its queue full) takes none: 409 `widget_unavailable`. Either way the transcript gets a `chat.transferred` event (with `toWidgetId` for a widget) and the visitor’s stream goes on. `GET /api/v1/chats/{id}/transfer-widgets` lists the widgets and whether each takes chats now.',
      auth: 'user',
      body: chatSchemas.transfer,
      responses: {
        200: { description: 'Transferred', schema: 'Chat' },
        400: { description: 'Neither or both of agentId and widgetId, the same agent or widget, or an unknown widget (`validation_failed`)', schema: 'Problem' },
        404: { description: 'No such chat (or not yours to read)', schema: 'Problem' },
        409: { description: 'The agent cannot take it (`agent_unavailable`), the widget takes no chats now (`widget_unavailable`), or the chat is not open', schema: 'Problem' },
      },
    },
    async (c) => c.json(await parley.chats.transfer(c.get('principal'), idParam(c), (await readJson(c)) as never)),
  );

  api.route(
    'get',
    '/api/v1/chats/:id/transfer-widgets',
    {
      tag: 'chats',
      summary: 'The widgets the chat may be transferred to, by name, each with its availability now',
      description: '`availability.mode` `offline` means a transfer to it now gets 409 `widget_unavailable`.',
      auth: 'user',
      responses: {
        200: {
          description: 'Every other widget of the account',
          schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/TransferWidget' } } } },
        },
        404: { description: 'No such chat (or not yours to read)', schema: 'Problem' },
      },
    },
    async (c) => c.json({ items: await parley.chats.transferWidgets(c.get('principal'), idParam(c)) }),
  );

  api.route(
    'put',
    '/api/v1/chats/:id/handled',
    {
      tag: 'chats',
      summary: 'Mark an offline request handled, or not yet (agents of its widget, supervisors and up)',
      description:
        'Sets `handledAt`/`handledBy` (or clears them for `handled: false`). The same state again answers 200 and changes nothing. A change is stored as a `chat.handled` event `{handled, byUserId}`, which the agent streams of the widget’s agents carry, so every console shows it at once. A live chat is a 409 `not_offline_request`. `GET /api/v1/chats?handled=false` lists the offline requests still to handle.',
      auth: 'user',
      body: chatSchemas.handled,
      responses: {
        200: { description: 'The offline request as it is now', schema: 'Chat' },
        400: { description: 'A body that is not `{handled: boolean}` (`validation_failed`)', schema: 'Problem' },
        404: { description: 'No such chat (or not yours to read)', schema: 'Problem' },
        409: { description: 'Not an offline request (`not_offline_request`)', schema: 'Problem' },
      },
    },
    async (c) => c.json(await parley.chats.setHandled(c.get('principal'), idParam(c), (await readJson(c)) as never)),
  );

  api.route(
    'get',
    '/api/v1/chats',
    {
      tag: 'chats',
      summary: 'Chats and offline requests, newest first (agents: of the widgets they serve); with q, those whose visitor or messages match',
      auth: 'user',
      query: chatSchemas.chatsQuery,
      responses: {
        200: { description: 'A page of chats (with q: each with what matched)', schema: pageOf('ListedChat') },
        400: { description: 'A filter or q that is not valid (`validation_failed`, path `/q`...)', schema: 'Problem' },
      },
    },
    async (c) => c.json(await parley.chats.list(c.get('principal'), c.req.query())),
  );

  api.route(
    'get',
    '/api/v1/chats/:id',
    {
      tag: 'chats',
      summary: 'A chat with its transcript (every event, oldest first)',
      auth: 'user',
      responses: {
        200: { description: 'The transcript', schema: { type: 'object', properties: { chat: { $ref: '#/components/schemas/Chat' }, events: { type: 'array', items: chatEventSchema } } } },
        404: { description: 'No such chat (or not yours to read)', schema: 'Problem' },
      },
    },
    async (c) => c.json(await parley.chats.get(c.get('principal'), idParam(c))),
  );
};
