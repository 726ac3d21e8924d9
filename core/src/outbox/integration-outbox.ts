import { buildConversationEventPayload, buildSupportRequestPayload, type PayloadAgent } from '../integrations/payload.js';
import { TRANSCRIPT_LIMIT, type Chat, type ChatEvent, type PublicChat } from '../model/chat.js';
import {
  newDelivery,
  SUPPORT_REQUEST_EVENTS,
  type ConversationEvent,
  type Delivery,
  type Integration,
  type IntegrationEventType,
  type SupportRequestEvent,
  DELIVERY_TOPIC,
} from '../model/integration.js';
import type { Id, Instant } from '../model/types.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { enqueueChatMails } from './chat-mail.js';
import type { CoreConfig, CoreDeps, Emit } from '../runtime/context.js';
import { labelNames } from './label-names.js';

/**
 * Writing outbox rows. Every function here runs inside the caller's transaction, so a delivery is
 * stored if and only if the chat, offline request or event it describes is: nothing is lost when the
 * process dies right after the commit, and nothing is sent for a change that rolled back.
 */

export interface IntegrationEventInput {
  readonly type: IntegrationEventType;
  readonly accountId: Id;
  readonly widgetId: Id;
  readonly payload: Readonly<Record<string, unknown>>;
}

const isSupportRequestEvent = (t: IntegrationEventType): t is SupportRequestEvent =>
  (SUPPORT_REQUEST_EVENTS as readonly string[]).includes(t);

/** Whether the integration pushes events of this type. Salesforce takes support requests only. */
export const integrationWants = (i: Integration, type: IntegrationEventType): boolean =>
  i.settings.enabled && (i.settings.events as readonly string[]).includes(type) && (i.kind === 'open_api' || isSupportRequestEvent(type));

const insertDeliveries = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids'>,
  now: Instant,
  targets: readonly Integration[],
  event: IntegrationEventInput,
  emit?: Emit,
): Promise<Delivery[]> => {
  const made: Delivery[] = [];
  for (const i of targets) {
    const d = newDelivery(deps.ids.next(), now, {
      accountId: event.accountId,
      widgetId: event.widgetId,
      target: i.kind,
      eventType: event.type,
      payload: event.payload,
    });
    await tx.deliveries.insert(d);
    made.push(d);
  }
  if (made.length && emit)
    emit({ type: 'delivery.enqueued', accountId: event.accountId, topics: [DELIVERY_TOPIC], at: now, data: { count: made.length } });
  return made;
};

/**
 * Writes one outbox row per enabled integration of the widget that pushes `event.type`, inside `tx`.
 * Returns the rows written (none when no integration wants the event).
 */
export const enqueueIntegrationEvent = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids' | 'clock'>,
  event: IntegrationEventInput,
  emit?: Emit,
): Promise<Delivery[]> => {
  const targets = (await tx.integrations.listByWidget(event.accountId, event.widgetId)).filter((i) => integrationWants(i, event.type));
  return targets.length ? insertDeliveries(tx, deps, isoNow(deps.clock), targets, event, emit) : [];
};

/** The agent a payload names: the user, or a placeholder for one deleted since; null for none. */
export const agentById = async (tx: Repositories, accountId: Id, id: Id | null): Promise<PayloadAgent | null> => {
  if (!id) return null;
  const u = await tx.users.get(accountId, id);
  return u ? { id: u.id, name: u.name, email: u.email } : { id, name: 'Agent', email: null };
};

export interface SupportRequestEnqueue {
  readonly event: SupportRequestEvent;
  readonly chat: Chat | PublicChat;
  /** The chat's events; read from storage when absent. */
  readonly events?: readonly ChatEvent[];
  /** The agent who handled it; looked up from `chat.agentId` when absent. */
  readonly agent?: PayloadAgent | null;
}

/**
 * The one call a chat transaction makes when a chat starts or finishes or an offline request is made:
 * builds the `support-request.v1` payload (transcript and agent included) and writes an outbox row for
 * every integration of the widget that wants it. Reads nothing when no integration does.
 *
 * @example
 * await commit(deps, async (tx, emit) => {
 *   await tx.chats.update(closed, version);
 *   await enqueueSupportRequest(tx, deps, { event: 'chat.finished', chat: closed }, emit);
 * });
 */
export const enqueueSupportRequest = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids' | 'clock' | 'config'>,
  input: SupportRequestEnqueue,
  emit?: Emit,
): Promise<Delivery[]> => {
  const { chat } = input;
  const targets = (await tx.integrations.listByWidget(chat.accountId, chat.widgetId)).filter((i) => integrationWants(i, input.event));
  if (targets.length === 0) return [];
  const events = input.events ?? (await tx.chatEvents.list(chat.accountId, chat.id, 0, TRANSCRIPT_LIMIT));
  const agent = input.agent !== undefined ? input.agent : await agentById(tx, chat.accountId, chat.agentId);
  const payload = buildSupportRequestPayload({
    event: input.event,
    chat,
    events,
    agent,
    publicUrl: deps.config.integrations?.publicUrl ?? null,
    labels: await labelNames(tx, chat.accountId, chat.labels),
  });
  return insertDeliveries(
    tx,
    deps,
    isoNow(deps.clock),
    targets,
    { type: input.event, accountId: chat.accountId, widgetId: chat.widgetId, payload },
    emit,
  );
};

export interface ConversationEventEnqueue {
  readonly event: ConversationEvent;
  readonly accountId: Id;
  /** The chat it is about (its widget gets the event); null for `agent.status_changed`. */
  readonly chat: Pick<Chat, 'id' | 'widgetId' | 'visitor' | 'closedBy'> | null;
  /** The agent concerned (assigned, replying, receiving a transfer, closing; or whose status changed). */
  readonly agentId: Id | null;
  /** For transfers: the agent who handed over. */
  readonly previousAgentId?: Id | null;
  /** For `agent.status_changed`: the new status. */
  readonly agentStatus?: 'online' | 'paused' | 'offline' | null;
  /** For `agent.status_changed`: the reason given with it (`lunch`), if any. */
  readonly statusReason?: string | null;
  /** For `agent.status_changed`: the supervisor who set it, when not the agent. */
  readonly changedById?: Id | null;
}

/**
 * Writes conversation-event rows (`conversation-event.v1`) inside `tx`: for a chat's widget, or, for an
 * agent status change, for every widget the agent serves. Each widget's event gets its own id.
 */
export const enqueueConversationEvent = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids' | 'clock'>,
  input: ConversationEventEnqueue,
  emit?: Emit,
): Promise<Delivery[]> => {
  const widgetIds = input.chat
    ? [input.chat.widgetId]
    : input.agentId
      ? (await tx.widgets.listByAgent(input.accountId, input.agentId)).map((w) => w.id)
      : [];
  const made: Delivery[] = [];
  let agent: PayloadAgent | null | undefined;
  let previousAgent: PayloadAgent | null | undefined;
  let changedBy: PayloadAgent | null | undefined;
  for (const widgetId of widgetIds) {
    const targets = (await tx.integrations.listByWidget(input.accountId, widgetId)).filter((i) => integrationWants(i, input.event));
    if (targets.length === 0) continue;
    agent ??= await agentById(tx, input.accountId, input.agentId);
    previousAgent ??= await agentById(tx, input.accountId, input.previousAgentId ?? null);
    changedBy ??= await agentById(tx, input.accountId, input.changedById ?? null);
    const payload = buildConversationEventPayload({
      event: input.event,
      id: deps.ids.next(),
      at: isoNow(deps.clock),
      widgetId,
      chat: input.chat,
      agent,
      previousAgent,
      agentStatus: input.agentStatus ?? null,
      statusReason: input.statusReason ?? null,
      changedBy,
    });
    made.push(
      ...(await insertDeliveries(
        tx,
        deps,
        isoNow(deps.clock),
        targets,
        { type: input.event, accountId: input.accountId, widgetId, payload },
        emit,
      )),
    );
  }
  return made;
};

/** The agent's first message in a chat (the write that sets `firstAgentReplyAt`). */
const isFirstAgentReply = (before: Chat | null, chat: Chat, e: ChatEvent): boolean =>
  e.author?.kind === 'agent' && before !== null && before.firstAgentReplyAt === null && chat.firstAgentReplyAt !== null;

/** The chat's events no integration hears of: notes for the team, page views, the visitor's comings and goings. */
const TEAM_ONLY = new Set<ChatEvent['type']>(['chat.note', 'chat.page', 'chat.visitor_left', 'chat.visitor_back']);

/** Whether {@link enqueueForChatWrite} may write anything for this event: every type but a plain message or a team-only one (keep in step with its switch). */
const concernsIntegrations = (before: Chat | null, chat: Chat, e: ChatEvent): boolean =>
  e.type === 'chat.message' ? isFirstAgentReply(before, chat, e) : !TEAM_ONLY.has(e.type);

/**
 * The outbox rows a chat write implies, written in the same transaction (called by the chat engine's
 * `insertChat`/`writeChat` for every change to a chat, so no code path can forget it):
 * - `chat.offline` → support request `offline_request.created`;
 * - `chat.queued` → support request `chat.started` and `conversation.queued`;
 * - `chat.assigned` → `conversation.assigned`; the first agent message → `conversation.responded`;
 * - `chat.transferred` → `conversation.transferred`;
 * - `chat.labeled` → `conversation.labeled` (label names after and before);
 * - `chat.surveyed` → `conversation.surveyed` (the visitor's score and comment);
 * - `chat.closed` / `chat.abandoned` → `conversation.closed` and support request `chat.finished`
 *   (with the whole transcript);
 * - and the team's e-mails of {@link enqueueChatMails} (offline request, transcript).
 * Reads only the widget's integration settings when none of them wants any of these.
 *
 * @param before the chat before the write (null when it was just inserted)
 * @param events the events just stored, in `seq` order
 */
export const enqueueForChatWrite = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids'> & { readonly config?: CoreConfig },
  before: Chat | null,
  chat: Chat,
  events: readonly ChatEvent[],
  emit?: Emit,
): Promise<Delivery[]> => {
  // Most writes are plain messages, which mean nothing to integrations: skip even the settings read.
  if (!events.some((e) => concernsIntegrations(before, chat, e))) return [];
  // The team's e-mails (offline request, transcript) are outbox rows too.
  const made: Delivery[] = await enqueueChatMails(tx, deps, chat, events, emit);
  const integrations = await tx.integrations.listByWidget(chat.accountId, chat.widgetId);
  if (!integrations.some((i) => i.settings.enabled)) return made;
  const at = events[events.length - 1]!.at;
  const push = async (type: IntegrationEventType, payload: () => Promise<Readonly<Record<string, unknown>>>) => {
    const targets = integrations.filter((i) => integrationWants(i, type));
    if (targets.length === 0) return;
    made.push(
      ...(await insertDeliveries(
        tx,
        deps,
        at,
        targets,
        { type, accountId: chat.accountId, widgetId: chat.widgetId, payload: await payload() },
        emit,
      )),
    );
  };
  const agents = new Map<Id | null, PayloadAgent | null>();
  const agent = async (id: Id | null): Promise<PayloadAgent | null> => {
    if (!agents.has(id)) agents.set(id, await agentById(tx, chat.accountId, id));
    return agents.get(id)!;
  };
  let transcript: readonly ChatEvent[] | null = before === null ? events : null;
  const supportRequest = (event: SupportRequestEvent) => async () => {
    transcript ??= await tx.chatEvents.list(chat.accountId, chat.id, 0, TRANSCRIPT_LIMIT);
    return buildSupportRequestPayload({
      event,
      chat,
      events: transcript,
      agent: await agent(chat.agentId),
      publicUrl: deps.config?.integrations?.publicUrl ?? null,
      labels: await labelNames(tx, chat.accountId, chat.labels),
    });
  };
  const conversation =
    (
      event: ConversationEvent,
      agentId: Id | null,
      previousAgentId: Id | null = null,
      labels: { after: readonly Id[]; before: readonly Id[] } | null = null,
    ) =>
    async () =>
      buildConversationEventPayload({
        event,
        id: deps.ids.next(),
        at,
        widgetId: chat.widgetId,
        chat,
        agent: await agent(agentId),
        previousAgent: await agent(previousAgentId),
        labels: labels && {
          after: await labelNames(tx, chat.accountId, labels.after),
          before: await labelNames(tx, chat.accountId, labels.before),
        },
      });
  const str = (v: unknown): Id | null => (typeof v === 'string' ? v : null);
  const ids = (v: unknown): Id[] => (Array.isArray(v) ? v.filter((x): x is Id => typeof x === 'string') : []);
  for (const e of events) {
    switch (e.type) {
      case 'chat.offline':
        await push('offline_request.created', supportRequest('offline_request.created'));
        break;
      case 'chat.queued':
        await push('chat.started', supportRequest('chat.started'));
        await push('conversation.queued', conversation('conversation.queued', null));
        break;
      case 'chat.assigned':
        await push('conversation.assigned', conversation('conversation.assigned', str(e.data.agentId) ?? chat.agentId));
        break;
      case 'chat.message':
        if (isFirstAgentReply(before, chat, e))
          await push('conversation.responded', conversation('conversation.responded', e.author?.userId ?? null));
        break;
      case 'chat.transferred':
        await push('conversation.transferred', conversation('conversation.transferred', str(e.data.toAgentId), str(e.data.fromAgentId)));
        break;
      case 'chat.labeled':
        await push(
          'conversation.labeled',
          conversation('conversation.labeled', str(e.data.byUserId), null, { after: ids(e.data.after), before: ids(e.data.before) }),
        );
        break;
      case 'chat.surveyed':
        await push('conversation.surveyed', conversation('conversation.surveyed', chat.agentId));
        break;
      case 'chat.closed':
      case 'chat.abandoned':
        await push('conversation.closed', conversation('conversation.closed', chat.agentId));
        await push('chat.finished', supportRequest('chat.finished'));
        break;
    }
  }
  return made;
};
