import { localDaysOf } from '../reports/time-zone.js';
import { ChatAppender, type AppendPlan } from '../chat/chat-appender.js';
import { matchOf, searchTerms, type ListedChat } from '../chat/chat-search.js';
import {
  chatSchemas,
  type ChatStartInput,
  type ChatsQuery,
  type HandledInput,
  type SurveyInput,
  type TransferInput,
} from '../chat/chat-validation.js';
import { consoleSchemas, type ChatLabelsInput } from '../console/console-validation.js';
import { chatClosed, insertChat, topics, writeChat } from '../chat/chat-writes.js';
import { availabilityOf, startMode } from '../chat/routing.js';
import { withinBusinessHours } from '../chat/business-hours.js';
import { agentTypingEvent, TypingRelay, visitorDraftEvent, type AgentTyping } from '../chat/typing-relay.js';
import { parseUserAgent } from '../chat/user-agent.js';
import { StreamPresence, visitorStreams } from '../chat/stream-presence.js';
import { forbidden, notFound, ParleyError, validationFailed } from '../errors.js';
import {
  EMPTY_GEO,
  FINAL_CHAT_STATUSES,
  isFinalChat,
  toPublicChat,
  TRANSCRIPT_LIMIT,
  type Chat,
  type ChatAuthor,
  type ChatEvent,
  type ChatTranscript,
  type GeoLocation,
  type PublicChat,
  type QueueStatus,
  type Visitor,
  type WidgetAvailability,
  newChat,
  newOfflineRequest,
} from '../model/chat.js';
import type { Id, Instant, Page } from '../model/types.js';
import { toPublicWidgetConfig, type PublicWidgetConfig, type Widget } from '../model/widget.js';
import { originAllowed } from '../policies/embed-origin.js';
import { canManage, canSupervise } from '../model/user.js';
import { appendAudit } from './audit-service.js';
import { SYSTEM_ACTOR } from '../model/audit.js';
import type { GeoLocator } from '../ports/geo.js';
import type { ChatListFilter } from '../ports/chat-storage.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { parseInput } from '../validation.js';
import { INPUT_LIMITS } from '../model/limits.js';
import { visitorBlocked } from '../policies/ip-access.js';
import { saveWidget } from './widget-service.js';
import {
  actorOf,
  commit,
  type CoreDeps,
  type Emit,
  lostRace,
  type Principal,
  type RequestMeta,
  type VisitorIdentity,
  type VisitorPrincipal,
} from '../runtime/context.js';
import { RoutingService, routingWidgetOf } from './routing-service.js';
import { ChatTransfers, type TransferWidget } from './chat-transfers.js';
import { QueueBoard } from './queue-board.js';
import { expectVersion, pageOf } from './shared.js';
import { renderTranscriptMail } from '../mail/templates.js';
import { enqueueMail } from '../outbox/mail-outbox.js';
import type { Scheduler } from '../runtime/scheduler.js';
import { type ChatConfig, defaultChatConfig } from '../runtime/config.js';
import { labelNames } from '../outbox/label-names.js';
import type { PayloadAgent } from '../integrations/payload.js';
import type { LogsCase } from '../compat/logs-case.js';
import { readLogsCase } from '../compat/read-logs-case.js';
import { VisitorTokenCache } from '../chat/visitor-tokens.js';

const visitorUnauthenticated = (): never => {
  throw new ParleyError('unauthenticated', 'Send the visitor token of this chat (Authorization: Bearer <visitorToken>).');
};

/** What starting a chat answers: the chat and the visitor's token (shown once, never stored). */
export interface StartedChat {
  readonly chat: PublicChat;
  readonly visitorToken: string;
  /** The chat's place in its widget's queue and estimated wait when it is queued, as of its start; else null. */
  readonly queue: QueueStatus | null;
}

const TRANSCRIPT_PAGE = 1000;

/** Everything stored of one visitor (`ChatService.exportVisitor`). */
export interface VisitorExport {
  readonly exportedAt: Instant;
  /** The e-mail address asked for (lower case), or null. */
  readonly email: string | null;
  /** The browser key asked for, or null. */
  readonly visitorKey: string | null;
  /** Their chats and offline requests, oldest first, as the Logs API's cases with the pages they opened. */
  readonly chats: readonly VisitorExportChat[];
}

/** One chat of a {@link VisitorExport}: the Logs API's case, and the pages of the site the visitor opened during it. */
export type VisitorExportChat = LogsCase & {
  /** Each page the visitor opened while the chat went on (`chat.page`), oldest first, after the one it began on (`page_url`). */
  readonly pages_viewed: readonly { readonly url: string; readonly date: Instant }[];
};

/** Owners and admins, signed in (not API tokens): who deletes chats, and forgets or exports a visitor. */
const assertMayHandleVisitorData = (p: Principal, what: string): void => {
  if (p.apiToken || !canManage(p.role)) throw forbidden(`Only owners and admins ${what}.`);
};
const assertMayDelete = (p: Principal): void => assertMayHandleVisitorData(p, 'delete chats');

const chatOpen = (): ParleyError => new ParleyError('chat_open', 'End the chat before deleting it.');

/** Chats one transaction of the retention sweep deletes at most (see `ChatService.applyRetention`). */
const RETENTION_BATCH = 500;

/** How long typing goes on in a chat where nothing is stored before the chat counts as active again (`keepAwake`). */
const KEEP_AWAKE_MS = 60_000;

/** A message as its sender gives it: the text, and optionally the client's key that makes sending it again safe. */
export interface MessageInput {
  readonly text: string;
  readonly clientMessageId?: string;
}

/** How far back a page view looks for the page the visitor is on already (see `ChatService.recordPage`), and a coming or going for the last one. */
const RECENT_PAGE_EVENTS = 50;

/** A chat's last {@link RECENT_PAGE_EVENTS} events, oldest first. */
const recentEventsOf = (r: Repositories, chat: Chat): Promise<readonly ChatEvent[]> =>
  r.chatEvents.list(chat.accountId, chat.id, Math.max(0, chat.lastSeq - RECENT_PAGE_EVENTS), RECENT_PAGE_EVENTS);

/**
 * The page the visitor is on, as far as `events` (a chat's latest, oldest first) tell: the last page view, else the
 * page the chat started on when they reach back to its start, else not known (null).
 */
const visitorPageIn = (chat: Chat, events: readonly ChatEvent[]): unknown => {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.type === 'chat.page') return events[i]!.data.url;
  return chat.lastSeq <= RECENT_PAGE_EVENTS ? chat.visitor.pageUrl : null;
};

/** Whether `events` (a chat's latest, oldest first) last say that the visitor left or came back, if either. */
const presenceOf = (events: readonly ChatEvent[]): 'chat.visitor_left' | 'chat.visitor_back' | null => {
  for (let i = events.length - 1; i >= 0; i--) {
    const t = events[i]!.type;
    if (t === 'chat.visitor_left' || t === 'chat.visitor_back') return t;
  }
  return null;
};

/** Thrown by an append's `prepare` that finds, under the chat's lock, that the chat already says what it would record. */
class AlreadyRecorded extends ParleyError {
  constructor() {
    super('conflict', 'The chat already records this.');
  }
}

/**
 * A visitor the widget blocks. It says no more than that chat is not available here: nothing that tells them
 * they were blocked, or by whom.
 */
const visitorBlockedError = (): ParleyError => new ParleyError('visitor_blocked', 'Chat is not available to you here.');

/** Whether a stored event is this message (or note) from this author (a resend); the alias may have changed since. */
const isSameMessage = (
  stored: ChatEvent,
  kind: ChatAuthor['kind'],
  userId: Id | null,
  text: string,
  type: 'chat.message' | 'chat.note' = 'chat.message',
): boolean => stored.type === type && stored.author?.kind === kind && stored.author.userId === userId && stored.text === text;

/**
 * Live chat: visitors start chats (or offline requests), both sides send messages, the visitor's
 * draft is relayed to the agent, agents close and transfer chats and read transcripts.
 *
 * Every state change runs in one transaction that first takes the account's routing lock, and
 * publishes its events after commit (`commit()`). Messages lock only their chat, and are written with
 * group commit ({@link ChatAppender}): those that arrive together share one transaction.
 */
export class ChatService {
  readonly routing: RoutingService;
  /** The visitor's sneak peek, to the agent. */
  readonly typing: TypingRelay<string>;
  /** That the agent is typing, to the visitor. */
  readonly agentTyping: TypingRelay<AgentTyping>;
  /** Visitors' streams: a queued chat whose visitor left is abandoned. */
  readonly visitors: StreamPresence;
  /** The tunables in effect (defaults, then the core config, then the constructor's). */
  readonly config: ChatConfig;
  /** Identities of visitor tokens checked before, by the token's SHA-256, least recently used first. */
  private readonly knownVisitors = new VisitorTokenCache();
  /** Messages, written with group commit. */
  private readonly appender: ChatAppender;
  /** Places in the queue and their announcements. */
  private readonly queue: QueueBoard;
  /** Transfers to a colleague or another widget's queue. */
  private readonly transfers: ChatTransfers;
  /** When this host last kept a chat awake because someone typed in it, by chat id ({@link keepAwake}). */
  private readonly typedAt = new Map<Id, number>();

  constructor(
    private readonly deps: CoreDeps & { readonly geo?: GeoLocator },
    options: { config?: Partial<ChatConfig>; scheduler?: Scheduler } = {},
  ) {
    this.config = { ...defaultChatConfig, ...deps.config.chat, ...options.config };
    this.routing = new RoutingService(deps);
    this.appender = new ChatAppender(deps);
    this.queue = new QueueBoard(deps, this.routing, this.config.defaultHandleSeconds);
    this.transfers = new ChatTransfers(deps, this);
    this.typing = new TypingRelay(deps.events, deps.clock, visitorDraftEvent, this.config.typingIntervalMs, options.scheduler);
    this.agentTyping = new TypingRelay(deps.events, deps.clock, agentTypingEvent, this.config.typingIntervalMs, options.scheduler);
    const gone = (accountId: Id, chatId: Id) => this.visitorGone(accountId, chatId);
    this.visitors = new StreamPresence(visitorStreams, deps.events, deps.clock, this.config.abandonGraceMs, gone, options.scheduler);
  }

  // ---------------------------------------------------------------- public, by widget id

  /** Whether a page should show the chat button (`available`/`busy`) or the offline form (`offline`). */
  async availability(widgetId: Id): Promise<WidgetAvailability> {
    return this.deps.storage.read(async (r) => {
      const w = await r.widgets.findById(widgetId);
      if (!w) throw notFound('Widget');
      return this.availabilityIn(r, w);
    });
  }

  /**
   * What the visitor widget needs to show itself: its public settings, {@link availability}, and whether it
   * blocks the visitor at `ip` (the requester's address; null: unknown, not blocked).
   */
  async widgetConfig(widgetId: Id, ip: string | null = null): Promise<PublicWidgetConfig> {
    return this.deps.storage.read(async (r) => {
      const w = await r.widgets.findById(widgetId);
      if (!w) throw notFound('Widget');
      return toPublicWidgetConfig(w, await this.availabilityIn(r, w), visitorBlocked(w.settings.blockedVisitors, ip));
    });
  }

  /** The sites that may embed the widget (empty: any), or null for an unknown widget. */
  async allowedOrigins(widgetId: Id): Promise<readonly string[] | null> {
    const w = await this.deps.storage.read((r) => r.widgets.findById(widgetId));
    return w ? w.settings.allowedOrigins : null;
  }

  /**
   * Refuses (`origin_not_allowed`) a visitor request made from a page of `origin` (a request's `Origin`,
   * when it is not Parley's own) if the widget does not let that site embed it. An unknown widget passes:
   * the request itself then finds nothing.
   */
  async assertOriginAllowed(widgetId: Id, origin: string): Promise<void> {
    const allowed = await this.allowedOrigins(widgetId);
    if (allowed && !originAllowed(allowed, origin))
      throw new ParleyError('origin_not_allowed', 'This widget may not be used from this site.', {
        meta: { origin: origin.slice(0, 300) },
      });
  }

  /** What a widget's visitors would be shown now, read in `r`. */
  async availabilityIn(r: Repositories, w: Widget): Promise<WidgetAvailability> {
    return (await this.availabilitiesIn(r, w.accountId, [w]))[0]!;
  }

  /**
   * What the visitors of each of `widgets` (of one account, as a widget list answers them) would be shown
   * now, in their order: one read, with the loads of all their agents and their queues counted once, so a
   * list of widgets costs a few queries rather than a request per widget.
   */
  async availabilities(widgets: readonly Widget[]): Promise<WidgetAvailability[]> {
    if (widgets.length === 0) return [];
    return this.deps.storage.read((r) => this.availabilitiesIn(r, widgets[0]!.accountId, widgets));
  }

  /** {@link availabilities}, read in `r`. */
  async availabilitiesIn(r: Repositories, accountId: Id, widgets: readonly Widget[]): Promise<WidgetAvailability[]> {
    const loads = await this.routing.loads(r, accountId, [...new Set(widgets.flatMap((w) => w.agentIds))]);
    const queued = await r.chats.countQueued(
      accountId,
      widgets.map((w) => w.id),
    );
    const now = isoNow(this.deps.clock);
    return widgets.map((w) =>
      availabilityOf(
        routingWidgetOf(w),
        loads.filter((l) => w.agentIds.includes(l.userId)),
        { queued: queued[w.id] ?? 0, open: withinBusinessHours(w.settings.businessHours ?? null, now) },
      ),
    );
  }

  /**
   * Starts a chat: queued, then given to an agent at once when one can take it. When no agent of the
   * widget is online (or the widget always shows the offline form) it becomes an offline request
   * (`status: 'offline'`), which needs an email.
   */
  async start(widgetId: Id, input: ChatStartInput, meta: RequestMeta): Promise<StartedChat> {
    const data = parseInput(chatSchemas.chatStart, input);
    const found = await this.deps.storage.read((r) => r.widgets.findById(widgetId));
    if (!found) throw notFound('Widget');
    if (visitorBlocked(found.settings.blockedVisitors, meta.ip)) throw visitorBlockedError();
    const { preChat } = found.settings;
    const missing = [];
    if (preChat.askName === 'required' && !data.name) missing.push({ path: '/name', code: 'required', message: 'Your name is required.' });
    if (preChat.askEmail === 'required' && !data.email)
      missing.push({ path: '/email', code: 'required', message: 'Your email is required.' });
    if (missing.length) throw validationFailed(missing);

    const geo = await this.locate(meta.ip);
    const ua = parseUserAgent(meta.userAgent);
    const visitor: Visitor = {
      name: preChat.askName === 'off' ? null : (data.name ?? null) || null,
      email: preChat.askEmail === 'off' ? null : (data.email ?? null),
      ip: meta.ip,
      userAgent: meta.userAgent,
      browser: ua.browser,
      os: ua.os,
      pageUrl: data.pageUrl ?? null,
      referrerUrl: data.referrerUrl ?? null,
      language: data.language ?? null,
      customVariables: data.customVariables ?? {},
      geo,
      key: data.visitorKey ?? null,
    };
    const token = this.deps.crypto.randomToken(32);
    const author: ChatAuthor = { kind: 'visitor', userId: null, alias: visitor.name ?? 'Visitor' };

    let changed = new Set<Id>();
    let queue: QueueStatus | null = null;
    const chat = await commit(this.deps, async (tx, emit) => {
      await tx.chats.lockRouting(found.accountId);
      const w = await tx.widgets.get(found.accountId, widgetId);
      if (!w) throw notFound('Widget');
      const now = isoNow(this.deps.clock);
      const loads = await this.routing.loads(tx, w.accountId, w.agentIds);
      const fields = {
        id: this.deps.ids.next(),
        accountId: w.accountId,
        widgetId: w.id,
        visitor,
        question: data.message,
        proactive: data.proactive ?? false,
        visitorTokenHash: this.deps.crypto.sha256(token),
      };
      const waiting = (await tx.chats.countQueued(w.accountId, [w.id]))[w.id] ?? 0;
      if (
        startMode(routingWidgetOf(w), loads, { queued: waiting, open: withinBusinessHours(w.settings.businessHours ?? null, now) }) ===
        'offline'
      ) {
        if (!w.settings.offlineForm.enabled && !w.settings.offlineForm.alwaysOffline)
          throw new ParleyError('unavailable', 'Nobody can take a chat now and this widget takes no offline requests.');
        if (!visitor.email)
          throw validationFailed([
            { path: '/email', code: 'required', message: 'Nobody is online: leave your email and we will answer by mail.' },
          ]);
        const offline = newOfflineRequest(fields, now);
        return (await insertChat(tx, this.deps, offline, [{ type: 'chat.offline', author, text: data.message }], emit)).chat;
      }
      // The invitation the visitor answers, when it is one of the widget's own: what they reply to, for the agent.
      const invitation =
        data.proactive && data.invitation && w.settings.proactiveRules.some((r) => r.message === data.invitation) ? data.invitation : null;
      const opening = [
        { type: 'chat.queued' as const },
        ...(invitation
          ? [{ type: 'chat.message' as const, author: { kind: 'system' as const, userId: null, alias: w.name }, text: invitation }]
          : []),
        { type: 'chat.message' as const, author, text: data.message },
      ];
      const { chat: queued } = await insertChat(tx, this.deps, newChat(fields, now), opening, emit);
      // Inserting a queued chat changed no agent's load: the drain decides on the loads read above.
      changed = await this.routing.drain(tx, w.accountId, [w.id], now, emit, { widget: w, loads });
      // A chat joining the end of the queue moves nobody else: the others hear only if the drain moved the queue.
      if (changed.size === 0) {
        // Still queued, at the end, behind `waiting` chats: its place and wait come from what was read above.
        queue = await this.queue.joined(tx, queued, w, loads, waiting);
        return queued;
      }
      const after = (await tx.chats.get(w.accountId, queued.id)) ?? queued;
      queue = after.status === 'queued' ? await this.queue.statusOf(tx, after) : null;
      return after;
    });
    if (chat.status === 'queued') this.visitors.expectReturn(chat.accountId, chat.id);
    this.remember(chat.visitorTokenHash, { kind: 'visitor', chatId: chat.id, accountId: chat.accountId, widgetId: chat.widgetId });
    await this.publishQueues(chat.accountId, changed);
    return { chat: toPublicChat(chat), visitorToken: token, queue };
  }

  /** The visitor of the chat with this token; `unauthenticated` for a wrong token or another chat's. */
  async authenticateVisitor(chatId: Id, token: string | null | undefined): Promise<VisitorPrincipal> {
    return (await this.findVisitor(chatId, token, true)) ?? visitorUnauthenticated();
  }

  /**
   * The visitor of the chat with this token, as {@link authenticateVisitor} finds them but without the chat,
   * and without reading storage when this token was checked before: a chat's id, account, widget and token
   * hash never change and chats are never deleted, so a token that once belonged to a chat always does.
   * For callers that read the chat themselves, under its lock (sending a message).
   */
  async identifyVisitor(chatId: Id, token: string | null | undefined): Promise<VisitorIdentity> {
    return (await this.findVisitor(chatId, token, false)) ?? visitorUnauthenticated();
  }

  /**
   * The visitor of the chat with this token, or null for a wrong token or another chat's: with the chat
   * ({@link authenticateVisitor}), or as their identity only ({@link identifyVisitor}).
   */
  findVisitor(chatId: Id, token: string | null | undefined, withChat: true): Promise<VisitorPrincipal | null>;
  findVisitor(chatId: Id, token: string | null | undefined, withChat: boolean): Promise<VisitorIdentity | null>;
  async findVisitor(chatId: Id, token: string | null | undefined, withChat: boolean): Promise<VisitorIdentity | null> {
    // The token is the secret, looked up by its SHA-256; the chat id it must belong to is in the request's
    // address, public, so it is compared plainly.
    if (token && !withChat) {
      const hash = this.deps.crypto.sha256(token);
      const known = this.knownVisitors.get(hash);
      if (known && known.chatId === chatId) {
        this.remember(hash, known);
        return known;
      }
    }
    const chat = token ? await this.deps.storage.read((r) => r.chats.findByVisitorTokenHash(this.deps.crypto.sha256(token))) : null;
    if (!chat || chat.id !== chatId) return null;
    const identity: VisitorIdentity = { kind: 'visitor', chatId: chat.id, accountId: chat.accountId, widgetId: chat.widgetId };
    this.remember(chat.visitorTokenHash, identity);
    if (!withChat) return identity;
    const visitor: VisitorPrincipal = { ...identity, chat };
    return visitor;
  }

  private remember(tokenHash: string, visitor: VisitorIdentity): void {
    this.knownVisitors.remember(tokenHash, visitor);
  }

  // ---------------------------------------------------------------- messages

  /**
   * The visitor sends a message (also while queued). Clears their sneak peek. With a `clientMessageId`,
   * sending the same message again answers the stored event (see {@link ChatAppender}).
   */
  async sendAsVisitor(v: VisitorIdentity, input: MessageInput): Promise<ChatEvent> {
    const { text, clientMessageId } = parseInput(chatSchemas.message, input);
    const { chat, event } = await this.appender.append({
      accountId: v.accountId,
      chatId: v.chatId,
      ...(clientMessageId === undefined ? {} : { clientMessageId }),
      isResend: (stored) => isSameMessage(stored, 'visitor', null, text),
      prepare: (_tx, cur) => {
        if (isFinalChat(cur)) throw chatClosed(cur.status);
        return {
          next: cur,
          draft: { type: 'chat.message', author: { kind: 'visitor', userId: null, alias: cur.visitor.name ?? 'Visitor' }, text },
        };
      },
    });
    this.typing.clear(chat);
    return event;
  }

  /**
   * The visitor opened a page of the site while their chat goes on (the widget tells on each page load): stored as
   * a `chat.page` event with its `url`, so the agents following the chat see where the visitor is now, and the
   * transcript where they went. The page the visitor is known to be on already (the last one recorded, else the one
   * the chat started on) adds nothing, as after a reload; an ended chat refuses it (`chat_closed`). The visitor's
   * own stream leaves it out.
   */
  async recordPage(v: VisitorIdentity, input: { url: string }): Promise<ChatEvent | null> {
    const { url } = parseInput(chatSchemas.page, input);
    return this.appendOnce(
      v.accountId,
      v.chatId,
      { type: 'chat.page', data: { url } },
      (chat, events) => visitorPageIn(chat, events) === url,
      (cur) => {
        if (isFinalChat(cur)) throw chatClosed(cur.status);
      },
    );
  }

  /**
   * Appends `draft` to the chat unless `recorded(chat, its latest events)` says the chat says it already, and answers
   * the event (null when nothing was written). Read first, so that the usual case (a reload, a visitor who never
   * left) writes nothing; checked again under the chat's lock with the events earlier appends of its group gave it,
   * so that two requests at once record it once. `check` refuses a chat the event may not go to (throws).
   */
  private async appendOnce(
    accountId: Id,
    chatId: Id,
    draft: AppendPlan['draft'],
    recorded: (chat: Chat, events: readonly ChatEvent[]) => boolean,
    check: (cur: Chat) => void,
  ): Promise<ChatEvent | null> {
    const known = await this.deps.storage.read(async (r) => {
      const chat = await r.chats.get(accountId, chatId);
      return chat !== null && recorded(chat, await recentEventsOf(r, chat));
    });
    if (known) return null;
    try {
      const { event } = await this.appender.append({
        accountId,
        chatId,
        prepare: async (tx, cur, _at, earlier) => {
          check(cur);
          if (recorded(cur, [...(await recentEventsOf(tx, cur)), ...earlier])) throw new AlreadyRecorded();
          return { next: cur, draft };
        },
      });
      return event;
    } catch (error) {
      if (error instanceof AlreadyRecorded) return null;
      throw error;
    }
  }

  /** The assigned agent replies; with a `clientMessageId`, idempotently (as {@link sendAsVisitor}). Clears their typing indicator. */
  async sendAsAgent(p: Principal, chatId: Id, input: MessageInput): Promise<ChatEvent> {
    const { text, clientMessageId } = parseInput(chatSchemas.message, input);
    const { chat, event } = await this.appender.append({
      accountId: p.accountId,
      chatId,
      ...(clientMessageId === undefined ? {} : { clientMessageId }),
      isResend: (stored) => isSameMessage(stored, 'agent', p.userId, text),
      prepare: async (tx, cur, at) => {
        if (!(await this.canRead(tx, p, cur))) throw notFound('Chat');
        if (isFinalChat(cur)) throw chatClosed(cur.status);
        if (cur.agentId !== p.userId) throw forbidden('Only the agent the chat is assigned to can reply.');
        return {
          next: { ...cur, firstAgentReplyAt: cur.firstAgentReplyAt ?? at },
          draft: { type: 'chat.message', author: { kind: 'agent', userId: p.userId, alias: await this.aliasOf(tx, p) }, text },
        };
      },
    });
    this.agentTyping.clear(chat);
    return event;
  }

  /**
   * A note for the team (`chat.note`): anyone who may read the chat writes one, in any state (a wrap-up after the
   * close, a call back on an offline request), and the agents following the chat get it on their streams; the
   * visitor never sees it (not on their stream, in their mailed transcript or in the integrations' transcript).
   * It is no reply: the chat's first response time does not move. With a `clientMessageId`, idempotently (as
   * {@link sendAsVisitor}).
   */
  async addNote(p: Principal, chatId: Id, input: MessageInput): Promise<ChatEvent> {
    const { text, clientMessageId } = parseInput(chatSchemas.message, input);
    const { event } = await this.appender.append({
      accountId: p.accountId,
      chatId,
      ...(clientMessageId === undefined ? {} : { clientMessageId }),
      isResend: (stored) => isSameMessage(stored, 'agent', p.userId, text, 'chat.note'),
      prepare: async (tx, cur) => {
        if (!(await this.canRead(tx, p, cur))) throw notFound('Chat');
        return {
          next: cur,
          draft: { type: 'chat.note', author: { kind: 'agent', userId: p.userId, alias: await this.aliasOf(tx, p) }, text },
        };
      },
    });
    return event;
  }

  /** The name visitors see for an agent. */
  private async aliasOf(r: Repositories, p: Principal): Promise<string> {
    return (await this.nameOf(r, p)) ?? 'Agent';
  }

  /** The name of who acts, as transcripts show it; null for an API token, which is no user. */
  async nameOf(r: Repositories, p: Principal): Promise<string | null> {
    return (await r.users.get(p.accountId, p.userId))?.name ?? null;
  }

  /**
   * Mails the visitor the chat's transcript (messages with aliases and times in the visitor's time zone
   * when known, and the page it started on), in the visitor's language or the widget's, to `email` or
   * the address they gave (the HTTP edge limits how often). The mail is an outbox row, sent and retried
   * by the dispatcher.
   */
  async mailTranscript(v: VisitorPrincipal, input: { email?: string; language?: string }, _meta: RequestMeta): Promise<{ email: string }> {
    const data = parseInput(chatSchemas.transcriptRequest, input);
    const email = data.email ?? v.chat.visitor.email;
    if (!email) throw validationFailed([{ path: '/email', code: 'required', message: 'Give the address the transcript should go to.' }]);
    const now = this.deps.clock.now();
    await commit(this.deps, async (tx, emit) => {
      const chat = await tx.chats.get(v.accountId, v.chatId);
      const widget = await tx.widgets.get(v.accountId, v.widgetId);
      if (!chat || !widget) throw notFound('Chat');
      const events = await tx.chatEvents.list(chat.accountId, chat.id, 0, TRANSCRIPT_LIMIT);
      const rendered = renderTranscriptMail({
        // As the widget spoke to them, not their browser's language (which the widget's own setting comes before).
        language: data.language ?? widget.settings.language,
        widgetName: widget.name,
        chat,
        events,
        timeZone: chat.visitor.geo.timezone,
      });
      await enqueueMail(
        tx,
        this.deps,
        {
          event: 'mail.transcript',
          accountId: chat.accountId,
          widgetId: chat.widgetId,
          at: now.toISOString(),
          mail: { to: [email], replyTo: null, ...rendered },
        },
        emit,
      );
    });
    return { email };
  }

  /**
   * The visitor rates the chat after it ended: a score of 1 to 5 and an optional comment. Only a chat an
   * agent took and that was then closed can be rated (`not_surveyable` for an open chat, an offline request or
   * an abandoned one), and only once (`survey_taken`: the first answer stands, so the agent's team and the
   * integrations never see a rating change after they read it). Stored with the chat and as a `chat.surveyed`
   * event, which streams replay and integrations get as `conversation.surveyed`.
   */
  async takeSurvey(v: VisitorIdentity, input: SurveyInput): Promise<PublicChat> {
    const data = parseInput(chatSchemas.survey, input);
    const chat = await commit(this.deps, async (tx, emit) => {
      const cur = await tx.chats.lock(v.accountId, v.chatId);
      if (!cur) throw notFound('Chat');
      if (cur.status !== 'closed' || cur.agentId === null)
        throw new ParleyError(
          'not_surveyable',
          `Only a chat that an agent took and that has ended can be rated; this one is ${cur.status}.`,
        );
      if (cur.survey !== null) throw new ParleyError('survey_taken', 'This chat has been rated already.');
      // Reports: the figures stored for the chat's day (if it has settled) now lack this rating.
      await tx.chats.forgetReportDays(cur.accountId, localDaysOf(cur.createdAt));
      const now = isoNow(this.deps.clock);
      const survey = { score: data.score, comment: data.comment || null, at: now };
      const { chat: saved } = await writeChat(
        tx,
        this.deps,
        cur,
        { ...cur, survey },
        [{ type: 'chat.surveyed', data: { score: survey.score, comment: survey.comment } }],
        now,
        emit,
      );
      return saved;
    });
    return toPublicChat(chat);
  }

  /** The visitor's draft, relayed to the agent (throttled, never stored). Ignored once the chat is over. */
  async typingAsVisitor(v: VisitorPrincipal, input: { text: string }): Promise<void> {
    const { text } = parseInput(chatSchemas.typing, input);
    if (isFinalChat(v.chat)) throw chatClosed(v.chat.status);
    if (!v.chat.agentId) return; // nobody to show it to yet
    this.typing.update(v.chat, text);
    await this.keepAwake(v.chat);
  }

  /**
   * The assigned agent is typing (an empty text: stopped): the visitor's stream gets `chat.agent_typing`
   * with the agent's alias and whether they type, never the text. Throttled like the sneak peek, never
   * stored, cleared when the agent's message is sent or the chat ends or moves.
   */
  async typingAsAgent(p: Principal, chatId: Id, input: { text: string }): Promise<void> {
    const { text } = parseInput(chatSchemas.typing, input);
    const { chat, alias } = await this.deps.storage.read(async (r) => {
      const cur = await r.chats.get(p.accountId, chatId);
      if (!cur || !(await this.canRead(r, p, cur))) throw notFound('Chat');
      if (isFinalChat(cur)) throw chatClosed(cur.status);
      if (cur.agentId !== p.userId) throw forbidden('Only the agent the chat is assigned to can type in it.');
      return { chat: cur, alias: await this.aliasOf(r, p) };
    });
    this.agentTyping.update(chat, { typing: text.trim() !== '', alias });
    await this.keepAwake(chat);
  }

  /**
   * Typing is activity, though it is never stored: an open chat in which someone types while nothing was
   * stored for a minute gets its `updatedAt` moved to now (its events unchanged), so that the quiet-chat
   * sweep of any host ({@link closeInactive}) does not end it under a visitor or agent writing a long
   * message. At most once a minute a chat on this host, and checked again under the chat's lock.
   */
  private async keepAwake(chat: Chat): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const since = now - KEEP_AWAKE_MS;
    if (chat.status !== 'active' || Date.parse(chat.updatedAt) > since) return;
    const last = this.typedAt.get(chat.id);
    if (last !== undefined && last > since) return;
    if (this.typedAt.size >= 10_000) for (const [id, at] of this.typedAt) if (at <= since) this.typedAt.delete(id);
    this.typedAt.set(chat.id, now);
    const at = new Date(now).toISOString();
    await this.deps.storage.transaction(async (tx) => {
      const cur = await tx.chats.lock(chat.accountId, chat.id);
      if (cur?.status !== 'active' || Date.parse(cur.updatedAt) > since) return;
      if (!(await tx.chats.advance({ ...cur, updatedAt: at }, cur.version))) throw lostRace();
    });
  }

  // ---------------------------------------------------------------- close, abandon, transfer

  /** The visitor ends the chat: a queued chat is `abandoned`, an open one `closed`. */
  async closeAsVisitor(v: VisitorPrincipal): Promise<PublicChat> {
    return this.end(v.accountId, v.chatId, null, 'visitor');
  }

  /** The assigned agent, or a supervisor/admin/owner, closes the chat. */
  async close(p: Principal, chatId: Id): Promise<PublicChat> {
    return this.end(p.accountId, chatId, p, 'agent');
  }

  /**
   * Blocks the chat's visitor from its widget and closes the chat, in one transaction: the visitor's address joins
   * the widget's `blockedVisitors` (audited as a change of the widget by this user, so it shows who blocked whom
   * and can be reverted), and the chat closes if it was open, whatever labels the widget asks for. The chat's
   * agent and supervisors, admins and owners may; an ended chat's visitor too. The same address again changes
   * nothing. Answers the chat and the address now blocked.
   */
  async blockVisitor(p: Principal, chatId: Id): Promise<{ chat: PublicChat; blocked: string }> {
    let blocked = '';
    const chat = await this.end(p.accountId, chatId, p, 'agent', async (tx, cur, emit) => {
      const ip = cur.visitor.ip;
      if (!ip) throw new ParleyError('conflict', 'This visitor’s address is unknown, so it cannot be blocked.');
      const w = await tx.widgets.get(cur.accountId, cur.widgetId);
      if (!w) throw notFound('Widget');
      blocked = ip;
      if (visitorBlocked(w.settings.blockedVisitors, ip)) return;
      if (w.settings.blockedVisitors.length >= INPUT_LIMITS.blockedVisitors)
        throw new ParleyError(
          'conflict',
          `This widget blocks ${INPUT_LIMITS.blockedVisitors} addresses already; an admin can lift some under Admin → Widgets.`,
        );
      const settings = { ...w.settings, blockedVisitors: [...w.settings.blockedVisitors, ip] };
      await saveWidget(tx, this.deps, actorOf(p), w, { ...w, settings }, w.version, null, emit);
    });
    return { chat, blocked };
  }

  /**
   * The visitor's last stream closed and none opened again within the grace period (on any host): a queued chat
   * is abandoned; an open one records that the visitor left (`chat.visitor_left`), once.
   */
  private async visitorGone(accountId: Id, chatId: Id): Promise<void> {
    const cur = await this.deps.storage.read((r) => r.chats.get(accountId, chatId));
    if (cur?.status === 'queued') await this.abandon(accountId, chatId);
    else if (cur?.status === 'active') await this.recordPresence(accountId, chatId, 'chat.visitor_left');
  }

  /** A visitor's stream opened on their open chat: if they had been recorded gone, `chat.visitor_back`. */
  async visitorReturned(accountId: Id, chatId: Id): Promise<void> {
    await this.recordPresence(accountId, chatId, 'chat.visitor_back');
  }

  /**
   * Records that the visitor of an open chat left or came back, unless that is what the chat says already: a
   * departure follows their arrival (or nothing), a return follows a departure. The latest of the two within the
   * chat's recent events decides; a chat that ended meanwhile records nothing.
   */
  private async recordPresence(accountId: Id, chatId: Id, type: 'chat.visitor_left' | 'chat.visitor_back'): Promise<void> {
    const recorded = (chat: Chat, events: readonly ChatEvent[]) =>
      chat.status !== 'active' || (presenceOf(events) === 'chat.visitor_left') === (type === 'chat.visitor_left');
    await this.appendOnce(accountId, chatId, { type, data: {} }, recorded, (cur) => {
      if (cur.status !== 'active') throw chatClosed(cur.status);
    }).catch((error: unknown) => {
      if (!(error instanceof ParleyError)) throw error; // an ended chat records nothing
    });
  }

  /** Marks a chat abandoned if it is still queued (the visitor's grace period is over). Null if it was not. */
  async abandon(accountId: Id, chatId: Id): Promise<PublicChat | null> {
    const cur = await this.deps.storage.read((r) => r.chats.get(accountId, chatId));
    if (cur?.status !== 'queued') return null;
    return this.end(accountId, chatId, null, 'system');
  }

  /**
   * Ends the chat (closed, or abandoned when it was still queued and not an agent's doing). `first`, when given,
   * runs in the same transaction once the chat is locked and the user's right checked (a block); an ended chat
   * is then answered as it is, and no label is asked for. The system ends a queued chat (abandoned) or, with
   * `inactive`, an open one that has not changed since `inactive.before` (see {@link closeInactive}).
   */
  private async end(
    accountId: Id,
    chatId: Id,
    p: Principal | null,
    by: 'visitor' | 'agent' | 'system',
    first?: (tx: Repositories, cur: Chat, emit: Emit) => Promise<void>,
    inactive?: { readonly before: Instant; readonly minutes: number },
  ): Promise<PublicChat> {
    let changed = new Set<Id>();
    const chat = await commit(this.deps, async (tx, emit) => {
      await tx.chats.lockRouting(accountId);
      const cur = await tx.chats.lock(accountId, chatId);
      if (!cur || (p && !(await this.canRead(tx, p, cur)))) throw notFound('Chat');
      if (p && cur.agentId !== p.userId && !canSupervise(p.role)) throw forbidden('Only the chat’s agent or a supervisor can close it.');
      if (first) await first(tx, cur, emit);
      if (isFinalChat(cur)) {
        if (by === 'system' || first) return cur;
        throw chatClosed(cur.status);
      }
      const idle = inactive !== undefined && cur.status === 'active' && cur.updatedAt < inactive.before;
      if (by === 'system' && cur.status !== 'queued' && !idle) return cur;
      // Only labels that still exist count: a chat whose one label was deleted has none.
      if (
        !first &&
        p &&
        (await tx.widgets.get(accountId, cur.widgetId))?.settings.requireLabelToClose &&
        (await labelNames(tx, accountId, cur.labels)).length === 0
      )
        throw new ParleyError('label_required', 'This widget asks for a label on every chat before an agent closes it.');
      const now = isoNow(this.deps.clock);
      const abandoned = cur.status === 'queued' && by !== 'agent';
      const closerName = p ? await this.nameOf(tx, p) : null;
      const next: Chat = {
        ...cur,
        status: abandoned ? 'abandoned' : 'closed',
        closedAt: now,
        closedBy: by,
        closedByUserId: p?.userId ?? null,
      };
      const { chat: saved } = await writeChat(
        tx,
        this.deps,
        cur,
        next,
        [
          {
            type: abandoned ? 'chat.abandoned' : 'chat.closed',
            data: { by, userId: p?.userId ?? null, userName: closerName, ...(idle ? { inactiveMinutes: inactive.minutes } : {}) },
          },
        ],
        now,
        emit,
      );
      if (cur.status === 'queued') changed.add(cur.widgetId);
      else if (cur.agentId) changed = new Set([...changed, ...(await this.drainFor(tx, accountId, cur.agentId, now, emit))]);
      return saved;
    });
    this.typing.clear(chat);
    this.agentTyping.clear(chat);
    await this.publishQueues(accountId, changed);
    return toPublicChat(chat);
  }

  /** Hands an open chat to a colleague or another widget's queue (see {@link ChatTransfers.transfer}). */
  transfer(p: Principal, chatId: Id, input: TransferInput): Promise<PublicChat> {
    return this.transfers.transfer(p, chatId, input);
  }

  /** Gives a gone agent's open chats back to their queues (see {@link ChatTransfers.returnToQueue}). */
  returnToQueue(
    tx: Repositories,
    accountId: Id,
    agentId: Id,
    reason: 'agent_offline' | 'agent_deactivated',
    at: Instant,
    emit: Emit,
  ): Promise<Set<Id>> {
    return this.transfers.returnToQueue(tx, accountId, agentId, reason, at, emit);
  }

  /** The widgets an open chat may be transferred to, each with its availability now. */
  transferWidgets(p: Principal, chatId: Id): Promise<TransferWidget[]> {
    return this.transfers.widgets(p, chatId);
  }

  /**
   * Marks an offline request handled (`handled: true`: answered outside the chat, by mail or phone) or not
   * yet. Agents of its widget and supervisors/admins/owners may. The same state again changes nothing. A
   * change is stored with the chat (`handledAt`, `handledBy`) and as a `chat.handled` event, which reaches the
   * streams of every agent of the widget, so their consoles update live. A live chat is `not_offline_request`.
   */
  async setHandled(p: Principal, chatId: Id, input: HandledInput): Promise<PublicChat> {
    const { handled } = parseInput(chatSchemas.handled, input);
    const chat = await commit(this.deps, async (tx, emit) => {
      const cur = await tx.chats.lock(p.accountId, chatId);
      if (!cur || !(await this.canRead(tx, p, cur))) throw notFound('Chat');
      if (cur.kind !== 'offline') throw new ParleyError('not_offline_request', 'Only an offline request can be marked handled.');
      if ((cur.handledAt !== null) === handled) return cur;
      const now = isoNow(this.deps.clock);
      const next: Chat = { ...cur, handledAt: handled ? now : null, handledBy: handled ? p.userId : null };
      const widget = await tx.widgets.get(p.accountId, cur.widgetId);
      const { chat: saved } = await writeChat(
        tx,
        this.deps,
        cur,
        next,
        [{ type: 'chat.handled', data: { handled, byUserId: p.userId, byUserName: await this.nameOf(tx, p) } }],
        now,
        emit,
        [...(widget?.agentIds ?? []), p.userId],
      );
      return saved;
    });
    return toPublicChat(chat);
  }

  /**
   * Sets the chat's labels (all of them: ids of the account's labels). The chat's agent or a
   * supervisor/admin/owner may; closed chats too, for wrap-up. Stored with the chat and as a `chat.labeled`
   * event (label ids `before`/`after`, and who labeled: `byUserId`, `byUserName`), which streams replay and
   * integrations get as `conversation.labeled`.
   * The same set again changes nothing.
   */
  async setLabels(p: Principal, chatId: Id, input: ChatLabelsInput, expectedVersion?: number): Promise<PublicChat> {
    const data = parseInput(consoleSchemas.chatLabels, input);
    const chat = await commit(this.deps, async (tx, emit) => {
      const cur = await tx.chats.lock(p.accountId, chatId);
      if (!cur || !(await this.canRead(tx, p, cur))) throw notFound('Chat');
      if (cur.agentId !== p.userId && !canSupervise(p.role)) throw forbidden('Only the chat’s agent or a supervisor can label it.');
      expectVersion(cur, expectedVersion ?? data.version);
      const known = new Set((await tx.labels.list(p.accountId)).map((l) => l.id));
      const unknown = data.labelIds.flatMap((id, i) =>
        known.has(id) ? [] : [{ path: `/labelIds/${i}`, code: 'unknown_label', message: `No label ${id} in this account.` }],
      );
      if (unknown.length) throw validationFailed(unknown, 'Some labels do not exist.');
      const after = [...new Set(data.labelIds)].sort();
      if (after.length === cur.labels.length && after.every((id, i) => id === cur.labels[i])) return cur;
      const now = isoNow(this.deps.clock);
      const { chat: saved } = await writeChat(
        tx,
        this.deps,
        cur,
        { ...cur, labels: after },
        [{ type: 'chat.labeled', data: { before: [...cur.labels], after, byUserId: p.userId, byUserName: await this.nameOf(tx, p) } }],
        now,
        emit,
      );
      return saved;
    });
    return toPublicChat(chat);
  }

  /** Drains the queues of every widget the agent serves (they may have room now). */
  async drainFor(tx: Repositories, accountId: Id, agentId: Id, at: Instant, emit: Emit): Promise<Set<Id>> {
    const widgets = await tx.widgets.listByAgent(accountId, agentId);
    return this.routing.drain(
      tx,
      accountId,
      widgets.map((w) => w.id),
      at,
      emit,
    );
  }

  // ---------------------------------------------------------------- reading

  /** A chat and its whole transcript. Agents see chats of the widgets they serve; others see all. */
  async get(p: Principal, chatId: Id): Promise<ChatTranscript> {
    return this.deps.storage.read(async (r) => {
      const chat = await r.chats.get(p.accountId, chatId);
      if (!chat || !(await this.canRead(r, p, chat))) throw notFound('Chat');
      return { chat: toPublicChat(chat), events: await this.allEvents(r, chat) };
    });
  }

  /**
   * Chats, newest first. Agents see those of the widgets they serve. With `q`, only the chats whose visitor
   * or messages match it (see `chat-search.ts`), each with what matched.
   */
  async list(p: Principal, query: ChatsQuery): Promise<Page<ListedChat>> {
    const q = parseInput(chatSchemas.chatsQuery, query);
    const terms = searchTerms(q.q ?? '');
    return this.deps.storage.read(async (r) => {
      let widgetIds: Id[] | undefined = q.widgetId ? [q.widgetId] : undefined;
      if (!canSupervise(p.role)) {
        const mine = (await r.widgets.listByAgent(p.accountId, p.userId)).map((w) => w.id);
        widgetIds = widgetIds ? widgetIds.filter((id) => mine.includes(id)) : mine;
      }
      const filter: ChatListFilter = {
        ...(widgetIds ? { widgetIds } : {}),
        ...(q.agentId ? { agentId: q.agentId } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.from ? { from: new Date(q.from).toISOString() } : {}),
        ...(q.to ? { to: new Date(q.to).toISOString() } : {}),
        ...(q.label ? { labelId: q.label } : {}),
        ...(q.visitorKey ? { visitorKey: q.visitorKey } : {}),
        ...(q.handled ? { handled: q.handled === 'true' } : {}),
      };
      if (terms.length === 0) {
        const page = await r.chats.list(p.accountId, filter, pageOf(q));
        return { items: page.items.map(toPublicChat), nextCursor: page.nextCursor };
      }
      const page = await r.chats.search(p.accountId, terms, filter, pageOf(q));
      return { items: page.items.map((hit) => ({ ...toPublicChat(hit.chat), match: matchOf(hit, terms) })), nextCursor: page.nextCursor };
    });
  }

  /** Stored events of a chat after `afterSeq`, oldest first (for streams; access already checked). */
  eventsAfter(accountId: Id, chatId: Id, afterSeq: number, limit = TRANSCRIPT_PAGE): Promise<ChatEvent[]> {
    return this.deps.storage.read((r) => r.chatEvents.list(accountId, chatId, afterSeq, limit));
  }

  /** The chat as stored now (access already checked). */
  current(accountId: Id, chatId: Id): Promise<Chat | null> {
    return this.deps.storage.read((r) => r.chats.get(accountId, chatId));
  }

  /** Open chats of an agent (for the agent stream). */
  activeChatsOf(p: Principal): Promise<Chat[]> {
    return this.deps.storage.read((r) => r.chats.listActiveByAgent(p.accountId, p.userId));
  }

  /**
   * Chats of an agent closed after `after` (for the agent stream: those that began and ended while it was
   * away), first closed first, at most `limit`. By `closedAt`, not `updatedAt`: a closed chat still changes
   * when it is labeled, and that does not make it one the agent missed.
   */
  async closedSince(p: Principal, after: Instant, limit: number): Promise<Chat[]> {
    const page = await this.deps.storage.read((r) =>
      r.chats.list(p.accountId, { agentId: p.userId, status: 'closed', closedAfter: after }, { limit }),
    );
    return [...page.items].sort((a, b) => (a.closedAt! < b.closedAt! ? -1 : a.closedAt! > b.closedAt! ? 1 : 0));
  }

  /** Whether the principal may see the chat (and its events). */
  async canRead(r: Repositories, p: Principal, chat: Chat): Promise<boolean> {
    if (chat.accountId !== p.accountId) return false;
    if (canSupervise(p.role) || chat.agentId === p.userId) return true;
    const w = await r.widgets.get(p.accountId, chat.widgetId);
    return w?.agentIds.includes(p.userId) ?? false;
  }

  // ---------------------------------------------------------------- the queue

  /** A queued chat's place and estimated wait; null when it is not queued. */
  queueStatus(accountId: Id, chatId: Id): Promise<QueueStatus | null> {
    return this.queue.status(accountId, chatId);
  }

  /** Places and estimates of every queued chat of a widget, first in line first. */
  queueStatuses(accountId: Id, widgetId: Id): Promise<QueueStatus[]> {
    return this.queue.statuses(accountId, widgetId);
  }

  /**
   * Drains these widgets' queues, in a transaction of its own that takes the routing lock first, and tells
   * the visitors still waiting their new places: after a change that may have made room without an agent
   * doing anything (a raised chat limit, an agent added to a widget, a user reactivated).
   */
  async drainWidgets(accountId: Id, widgetIds: readonly Id[]): Promise<void> {
    if (widgetIds.length === 0) return;
    const changed = await commit(this.deps, async (tx, emit) => {
      await tx.chats.lockRouting(accountId);
      return this.routing.drain(tx, accountId, widgetIds, isoNow(this.deps.clock), emit);
    });
    await this.publishQueues(accountId, changed);
  }

  /** Tells each visitor waiting in these widgets' queues their new place (`chat.queue`, not stored). */
  publishQueues(accountId: Id, widgetIds: Iterable<Id>): Promise<void> {
    return this.queue.publish(accountId, widgetIds);
  }

  private async allEvents(r: Repositories, chat: Chat): Promise<ChatEvent[]> {
    const out: ChatEvent[] = [];
    for (;;) {
      const page = await r.chatEvents.list(chat.accountId, chat.id, out.length ? out[out.length - 1]!.seq : 0, TRANSCRIPT_PAGE);
      out.push(...page);
      if (page.length < TRANSCRIPT_PAGE) return out;
    }
  }

  private async locate(ip: string | null): Promise<GeoLocation> {
    if (!this.deps.geo || !ip) return EMPTY_GEO;
    try {
      return await this.deps.geo.locate(ip);
    } catch {
      return EMPTY_GEO; // an unknown address never fails a chat
    }
  }

  /**
   * Starts the abandonment grace period of every queued chat (all accounts): for a host starting up,
   * whose previous run's visitor streams are gone. Visitors who reconnect within the grace keep their place.
   */
  async adoptQueued(): Promise<number> {
    let n = 0;
    const accounts = await this.deps.storage.read((r) => r.accounts.listIds());
    for (const accountId of accounts) {
      const widgetIds: Id[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<{ id: Id }> = await this.deps.storage.read((r) => r.widgets.list(accountId, { cursor, limit: 200 }));
        widgetIds.push(...page.items.map((w) => w.id));
        cursor = page.nextCursor;
      } while (cursor);
      const queued = await this.deps.storage.read((r) => r.chats.listQueued(accountId, widgetIds, 100_000));
      for (const c of queued) this.visitors.expectReturn(accountId, c.id);
      n += queued.length;
    }
    return n;
  }

  /**
   * Closes the open chats in which nothing happened for their widget's `closeInactiveAfterMinutes` (all
   * accounts; widgets without it are left alone), each as the system's close with `inactiveMinutes` in its
   * `chat.closed` event: what any close does follows (the agent's place goes to the queue, integrations,
   * the transcript mail). Each chat is checked again once locked, so a message that came meanwhile keeps it
   * open, and two hosts sweeping at once close it once. Answers how many it closed. The host runs it every minute.
   */
  async closeInactive(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    let closed = 0;
    for (const accountId of await this.deps.storage.read((r) => r.accounts.listIds())) {
      let widgetCursor: string | null = null;
      do {
        const widgets: Page<Widget> = await this.deps.storage.read((r) => r.widgets.list(accountId, { cursor: widgetCursor, limit: 200 }));
        widgetCursor = widgets.nextCursor;
        for (const w of widgets.items) {
          const minutes = w.settings.closeInactiveAfterMinutes;
          if (minutes === null) continue;
          const before = new Date(now - minutes * 60_000).toISOString();
          const filter: ChatListFilter = { widgetIds: [w.id], status: 'active', updatedBefore: before };
          let cursor: string | null = null;
          do {
            const page: Page<Chat> = await this.deps.storage.read((r) => r.chats.list(accountId, filter, { cursor, limit: 200 }));
            cursor = page.nextCursor;
            for (const c of page.items) {
              try {
                const after = await this.end(accountId, c.id, null, 'system', undefined, { before, minutes });
                if (after.status === 'closed' && after.closedAt !== c.closedAt) closed++;
              } catch (error) {
                // One chat the sweep cannot end (gone since it was listed) holds up none of the others.
                if (!(error instanceof ParleyError)) throw error;
              }
            }
          } while (cursor);
        }
      } while (widgetCursor);
    }
    return closed;
  }

  // ---------------------------------------------------------------- deleting chats

  /**
   * Deletes an ended chat or offline request for good (owners and admins; not API tokens): its messages, notes,
   * page views, visitor details and search entries go, and its visitor token opens nothing more. The audit log
   * keeps `chat.deleted` (its kind, status and start, never who the visitor was); not revertible. The bus gets
   * `chat.deleted` (`{chatId, widgetId}`, never stored) for the consoles that still show it. A chat still queued or
   * open is refused (`chat_open`): end it first.
   */
  async deleteChat(p: Principal, chatId: Id): Promise<void> {
    assertMayDelete(p);
    await commit(this.deps, async (tx, emit) => {
      const cur = await tx.chats.lock(p.accountId, chatId);
      if (!cur) throw notFound('Chat');
      if (!isFinalChat(cur)) throw chatOpen();
      await tx.chats.deleteMany(p.accountId, [cur.id]);
      // Never stored (the chat is gone): the console of the agent who had it drops it from their inbox.
      emit({
        type: 'chat.deleted',
        accountId: p.accountId,
        topics: [topics.account(p.accountId), topics.widget(cur.widgetId), ...(cur.agentId ? [topics.agent(cur.agentId)] : [])],
        at: isoNow(this.deps.clock),
        data: { chatId: cur.id, widgetId: cur.widgetId },
      });
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'account',
        action: 'chat.deleted',
        targetType: 'chat',
        targetId: cur.id,
        widgetId: cur.widgetId,
        changes: [
          { path: '/kind', from: cur.kind },
          { path: '/status', from: cur.status },
          { path: '/createdAt', from: cur.createdAt },
        ],
        revertOf: null,
      });
    });
  }

  /**
   * A visitor's request to be forgotten: deletes every ended chat and offline request of theirs, found by their
   * e-mail address (the very address, whatever its case) and by their browser's key (`visitor.key`), each as
   * {@link deleteChat} does, with a `chat.deleted` entry each. Chats still queued or open are left and counted
   * (`open`): end them, then ask again. Owners and admins only; `validation_failed` without either.
   */
  async forgetVisitor(p: Principal, input: { email?: string; visitorKey?: string }): Promise<{ deleted: number; open: number }> {
    assertMayDelete(p);
    const ids = await this.visitorChatIds(p.accountId, parseInput(chatSchemas.forgetVisitor, input));
    let deleted = 0;
    let open = 0;
    for (const id of ids) {
      try {
        await this.deleteChat(p, id);
        deleted++;
      } catch (error) {
        if (error instanceof ParleyError && error.code === 'chat_open') open++;
        else if (!(error instanceof ParleyError && error.code === 'not_found')) throw error; // gone meanwhile: nothing to forget
      }
    }
    return { deleted, open };
  }

  /**
   * Everything stored of one visitor, for their request to see it: each chat and offline request of theirs, found
   * as {@link forgetVisitor} finds them (queued and open ones too), oldest first, as the Logs API's case (their
   * details, place and browser, the agent, labels, rating and the transcript, without the team's notes) with the
   * pages of the site they opened during it (`pages_viewed`). Owners
   * and admins only (not API tokens); `validation_failed` without an e-mail or a browser key. The audit log
   * records `visitor.exported` (how many chats, never who the visitor is).
   */
  async exportVisitor(p: Principal, input: { email?: string; visitorKey?: string }): Promise<VisitorExport> {
    assertMayHandleVisitorData(p, 'export a visitor’s data');
    const query = parseInput(chatSchemas.forgetVisitor, input);
    const ids = await this.visitorChatIds(p.accountId, query);
    const publicUrl = this.deps.config.integrations?.publicUrl ?? null;
    const chats = await this.deps.storage.read(async (r) => {
      const agents = new Map<Id | null, PayloadAgent | null>();
      const cases: VisitorExportChat[] = [];
      for (const id of ids) {
        const chat = await r.chats.get(p.accountId, id);
        if (!chat) continue; // deleted meanwhile
        const { logsCase, events } = await readLogsCase(r, chat, publicUrl, agents);
        const pages = events.flatMap((e) =>
          e.type === 'chat.page' && typeof e.data.url === 'string' ? [{ url: e.data.url, date: e.at }] : [],
        );
        cases.push({ ...logsCase, pages_viewed: pages });
      }
      return cases.sort((a, b) => a.created_at_milliseconds - b.created_at_milliseconds || (a.id < b.id ? -1 : 1));
    });
    const exportedAt = isoNow(this.deps.clock);
    await this.deps.storage.transaction((tx) =>
      appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'account',
        action: 'visitor.exported',
        targetType: 'account',
        targetId: p.accountId,
        widgetId: null,
        changes: [{ path: '/exportedChats', to: chats.length }],
        revertOf: null,
      }),
    );
    return { exportedAt, email: query.email ?? null, visitorKey: query.visitorKey ?? null, chats };
  }

  /**
   * The ids of one visitor's chats and offline requests, any status: those started from the browser with
   * `visitorKey`, and those whose visitor gave this very e-mail address (any case: `email` comes lower-cased from
   * `chatSchemas.forgetVisitor`; found through the search, then compared whole).
   */
  private async visitorChatIds(accountId: Id, { email: wanted, visitorKey }: { email?: string; visitorKey?: string }): Promise<Set<Id>> {
    const ids = new Set<Id>();
    const collect = async (next: (cursor: string | null) => Promise<Page<Chat>>) => {
      let cursor: string | null = null;
      do {
        const page: Page<Chat> = await next(cursor);
        for (const c of page.items) ids.add(c.id);
        cursor = page.nextCursor;
      } while (cursor);
    };
    if (visitorKey)
      await collect((cursor) => this.deps.storage.read((r) => r.chats.list(accountId, { visitorKey }, { cursor, limit: 200 })));
    if (wanted)
      await collect(async (cursor) => {
        const page = await this.deps.storage.read((r) => r.chats.search(accountId, searchTerms(wanted), {}, { cursor, limit: 200 }));
        return {
          items: page.items.filter((h) => h.chat.visitor.email?.trim().toLowerCase() === wanted).map((h) => h.chat),
          nextCursor: page.nextCursor,
        };
      });
    return ids;
  }

  /**
   * The account's retention (`chatRetentionDays`; nothing without it): deletes its ended chats and offline
   * requests last changed before the cutoff, as {@link deleteChat} does, up to {@link RETENTION_BATCH} a
   * transaction, each checked again once locked, and its finished deliveries and e-mails created before it
   * (`DeliveryRepository.purgeBefore`). Each transaction that deleted something records `chats.purged` (how many
   * chats and deliveries, and the cutoff) by the system with it. Answers how many chats it deleted.
   */
  async applyRetention(accountId: Id): Promise<number> {
    const account = await this.deps.storage.read((r) => r.accounts.get(accountId));
    const days = account?.settings.chatRetentionDays;
    if (!days) return 0;
    const cutoff = new Date(this.deps.clock.now().getTime() - days * 86_400_000).toISOString();
    let deleted = 0;
    let deliveriesDone = false;
    for (;;) {
      const batch = await this.deps.storage.transaction(async (tx) => {
        const listed: Id[] = [];
        for (const status of FINAL_CHAT_STATUSES) {
          const room = RETENTION_BATCH - listed.length;
          if (room === 0) break;
          const page = await tx.chats.list(accountId, { status, updatedBefore: cutoff }, { limit: room, cursor: null });
          listed.push(...page.items.map((c) => c.id));
        }
        const ids = (await tx.chats.lockMany(accountId, listed)).filter((c) => isFinalChat(c) && c.updatedAt < cutoff).map((c) => c.id);
        const chats = ids.length > 0 ? await tx.chats.deleteMany(accountId, ids) : 0;
        const deliveries = deliveriesDone ? 0 : await tx.deliveries.purgeBefore(accountId, cutoff);
        if (chats + deliveries > 0)
          await appendAudit(tx, this.deps, accountId, SYSTEM_ACTOR, {
            type: 'account',
            action: 'chats.purged',
            targetType: 'account',
            targetId: accountId,
            widgetId: null,
            changes: [
              { path: '/deletedChats', to: chats },
              { path: '/deletedDeliveries', to: deliveries },
              { path: '/lastChangedBefore', to: cutoff },
            ],
            revertOf: null,
          });
        return { chats, full: listed.length === RETENTION_BATCH };
      });
      deliveriesDone = true;
      deleted += batch.chats;
      if (!batch.full || batch.chats === 0) return deleted;
    }
  }

  /** {@link applyRetention} for every account (the host runs it every hour). */
  async applyRetentionAll(): Promise<number> {
    let deleted = 0;
    for (const accountId of await this.deps.storage.read((r) => r.accounts.listIds())) deleted += await this.applyRetention(accountId);
    return deleted;
  }

  /** Stops timers (typing throttle, abandonment); call on shutdown. */
  shutdown(): void {
    this.typing.close();
    this.agentTyping.close();
    this.visitors.close();
  }
}
