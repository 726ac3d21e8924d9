import { batch, computed, effect, signal } from '@preact/signals';
import { INPUT_LIMITS, VISITOR_KEY } from '@parley/core/limits';
import {
  type AgentStatus,
  type Draft,
  ENDED_CHAT_KEPT_MS,
  newVisitorKey,
  VARIABLE,
  type PageState,
  type ToFrame,
  type WidgetEventDetails,
  type WidgetEventName,
} from '../shared/protocol.js';
import { api, ApiError, type Availability, type WidgetConfig } from './api.js';
import { openChatStream } from './chat-stream.js';
import { addPending, applyEvent, newConversation, retryPending, settlePending, type Conversation } from './conversation.js';
import { format, pickLanguage, translation, type MessageKey } from './i18n.js';
import { listenToParent, standalone, toParent } from './parent.js';
import { isPreviewFrame, isPreviewMessage, type PreviewMessage, previewConfig } from './preview.js';
import { planInvitation } from './proactive.js';
import { problemText } from './problem-text.js';
import { chime } from './sound.js';

/** The frame's state, in signals, and everything that changes it. Components only read and call. */

export const widgetId = new URLSearchParams(location.search).get('widget') ?? '';
/** The console's live preview of unsaved settings (see preview.ts): nothing is sent from it. */
export const previewing = isPreviewFrame(location.search);

export const config = signal<WidgetConfig | null>(null);
/** Nothing to show: the widget could not be loaded (unknown, or the request failed), or it blocks this visitor. */
export const loadFailed = signal(false);
export const page = signal<PageState | null>(null);
export const availability = signal<Availability | null>(null);
export const isOpen = signal(false);
export const fullScreen = signal(false);
export const hidden = signal(false);
export const proactivePrompt = signal<string | null>(null);
export const chat = signal<{ chatId: string; token: string } | null>(null);
export const conversation = signal<Conversation>(newConversation());
export const live = signal(true);
export const unread = signal(0);
export const sound = signal(true);
export const busy = signal(false);
/** A message about the last thing that failed (rate limit, network...), shown above the form or composer. */
export const problem = signal<string | null>(null);
/** Fields the server refused on the last form. */
export const fieldErrors = signal<readonly string[]>([]);
export const offlineSentTo = signal<string | null>(null);
/** The address the visitor gave for this chat (the form or the page), to prefill the transcript request. */
export const visitorEmail = signal('');
/**
 * What the visitor has typed and not sent yet: the form's fields (pre-chat or offline) and the composer's draft.
 * Minimising takes the window's content away; kept here, it is all there again when the window reopens.
 * `description` is the page's text the form took in last (`setDescription`), so it is not taken in twice.
 */
export const formDraft = signal<{
  readonly name: string;
  readonly email: string;
  readonly message: string;
  readonly description?: string;
} | null>(null);
export const composerDraft = signal('');
/** The name and address the visitor last gave on this page: the next form starts with them, not blank. */
export const lastGiven = signal<{ readonly name: string; readonly email: string }>({ name: '', email: '' });
/**
 * The transcript request of the open chat: where it went once sent (`soFar`: asked for while the chat went on, so
 * the mail holds the chat up to then), what failed, which field the server refused.
 */
export const transcript = signal<{
  readonly busy: boolean;
  readonly sentTo: string | null;
  readonly soFar: boolean;
  readonly problem: string | null;
  readonly fields: readonly string[];
}>({
  busy: false,
  sentTo: null,
  soFar: false,
  problem: null,
  fields: [],
});
const noTranscript = { busy: false, sentTo: null, soFar: false, problem: null, fields: [] } as const;

export const language = computed(() =>
  pickLanguage(page.value?.language ?? null, config.value?.language ?? null, navigator.languages ?? []),
);
export const strings = computed(() => translation(language.value));
export const t = (key: MessageKey, values?: Record<string, string | number>) => format(strings.value[key], values);

export type Screen = 'loading' | 'prechat' | 'offline' | 'offlineClosed' | 'offlineSent' | 'chat';
export const screen = computed<Screen>(() => {
  if (!config.value || !page.value) return 'loading';
  if (chat.value) return 'chat';
  if (offlineSentTo.value) return 'offlineSent';
  if ((availability.value ?? config.value.availability).mode === 'offline')
    return config.value.offlineForm.enabled ? 'offline' : 'offlineClosed';
  return 'prechat';
});

/**
 * Agents are there but every one is busy and the queue is full (`maxQueueSize`): the offline form says so, rather
 * than that nobody is there. Not outside business hours, nor for a widget that always shows the offline form.
 */
export const queueFull = computed(() => {
  const a = availability.value ?? config.value?.availability;
  return a?.queueFull === true && a.outsideBusinessHours !== true && config.value?.offlineForm.alwaysOffline !== true;
});

const agentStatus = (): AgentStatus => ((availability.value ?? config.value?.availability)?.mode === 'offline' ? 'offline' : 'online');

const emit = <K extends WidgetEventName>(name: K, detail: WidgetEventDetails[K]) => toParent({ parley: 1, type: 'event', name, detail });

/** Events at or below this seq were seen on an earlier page: replayed quietly (no sound, no badge). */
let historySeq = 0;
let stream: { close(): void } | null = null;
let typingClear: ReturnType<typeof setTimeout> | null = null;

/** When the chat shown ended (kept with it, see `StoredChat.endedAt`); null while it goes on, or with none. */
let endedAt: number | null = null;
/** Tells the loader the chat to show on the next page: an ended one too, with its rating and transcript, until a new one. */
const storeChat = () => {
  const c = chat.value;
  const { phase, rated, lastSeq } = conversation.value;
  if (phase === 'ended') endedAt ??= Date.now();
  toParent({
    parley: 1,
    type: 'chat',
    chat: c
      ? { ...c, lastSeq: Math.max(historySeq, lastSeq), ...(endedAt !== null ? { endedAt } : {}), ...(rated ? { rated } : {}) }
      : null,
  });
};

/**
 * What the visitor typed and has not sent goes to the loader, which keeps it with the tab's visit for the next page
 * (a link followed while writing, a reload): a quarter of a second after the last change, and at once when the frame
 * loses the focus (a click on the page, as on a link) or goes away with the page.
 */
const DRAFT_KEEP_MS = 250;
let keptDraft = 'null';
let keepTimer: ReturnType<typeof setTimeout> | undefined;
const keepDraft = () => {
  clearTimeout(keepTimer);
  const form = formDraft.peek();
  const c = chat.peek();
  const text = composerDraft.peek();
  const composer = c && text ? { chatId: c.chatId, text } : null;
  const draft: Draft | null = form || composer ? { ...(form ? { form } : {}), ...(composer ? { composer } : {}) } : null;
  const json = JSON.stringify(draft);
  if (json === keptDraft) return;
  keptDraft = json;
  toParent({ parley: 1, type: 'draft', draft });
};
effect(() => {
  void [formDraft.value, composerDraft.value, chat.value];
  clearTimeout(keepTimer);
  keepTimer = setTimeout(keepDraft, DRAFT_KEEP_MS);
});
addEventListener('blur', keepDraft);
addEventListener('pagehide', keepDraft);

const attach = (chatId: string, token: string, seen: number, rated = false, ended: number | null = null) => {
  stream?.close();
  historySeq = seen;
  endedAt = ended;
  batch(() => {
    if (chat.value?.chatId !== chatId) composerDraft.value = '';
    chat.value = { chatId, token };
    conversation.value = { ...newConversation(), rated };
    unread.value = 0;
    transcript.value = noTranscript;
  });
  storeChat();
  stream = openChatStream(chatId, token, () => conversation.value.lastSeq, {
    stored(e) {
      const before = conversation.value;
      const next = applyEvent(before, e, t('agent'));
      if (next === before) return;
      conversation.value = next;
      const isLive = e.seq > historySeq;
      if (isLive && e.type === 'chat.message' && e.author?.kind === 'agent' && e.text !== null) {
        emit('messageReceived', { alias: e.author.alias, text: e.text });
        if (sound.value && !previewing) chime();
        if (!isOpen.value) unread.value++;
      }
      if (next.phase === 'ended') {
        stream?.close();
        stream = null;
        if (isLive) emit('chatClosed', { chatId });
      }
      storeChat();
    },
    queue(q) {
      conversation.value = { ...conversation.value, queue: q };
      emit('queuePosition', q);
    },
    agentTyping({ typing, alias }) {
      conversation.value = { ...conversation.value, agentTyping: typing ? alias || t('agent') : null };
      // Should the "stopped" never come (a lost connection), the indicator goes away by itself.
      if (typingClear) clearTimeout(typingClear);
      typingClear = typing ? setTimeout(() => (conversation.value = { ...conversation.value, agentTyping: null }), 15_000) : null;
    },
    connection(up) {
      live.value = up;
    },
    gone() {
      stream = null;
      batch(() => {
        chat.value = null;
        conversation.value = newConversation();
      });
      storeChat();
    },
  });
};

/** Says what failed; `shown` are the fields of the form on screen, which show their own refusals. */
const explain = (e: unknown, shown: readonly string[] = []) => {
  const text = problemText(e, shown);
  batch(() => {
    fieldErrors.value = e instanceof ApiError && e.code === 'validation_failed' ? e.fields : [];
    problem.value = text && t(text.key, text.values);
  });
};

const TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
const httpUrl = (u: string | null | undefined) => (u && /^https?:\/\//i.test(u) && u.length <= INPUT_LIMITS.pageUrl ? u : undefined);

/** Starts a chat, or leaves an offline request when nobody is online. */
export const startChat = async (form: { name?: string; email?: string; message: string }, proactive = false): Promise<void> => {
  const p = page.value;
  if (!p || busy.value) return;
  if (previewing) {
    problem.value = 'This is a preview: nothing is sent.';
    return;
  }
  batch(() => {
    busy.value = true;
    problem.value = null;
    fieldErrors.value = [];
  });
  const variables = Object.fromEntries(Object.entries(p.variables).filter(([k]) => VARIABLE.test(k)));
  const browserLanguage = navigator.language;
  // The browser's first chat on the site makes its key (kept for a retry of this start, and by the loader once it worked).
  const visitorKey = p.visitorKey && VISITOR_KEY.test(p.visitorKey) ? p.visitorKey : newVisitorKey();
  if (visitorKey !== p.visitorKey) page.value = { ...p, visitorKey };
  lastGiven.value = { name: form.name ?? '', email: form.email ?? '' };
  try {
    const started = await api.start(widgetId, {
      message: form.message,
      ...(form.name ? { name: form.name } : {}),
      ...(form.email ? { email: form.email } : {}),
      ...(httpUrl(p.pageUrl) ? { pageUrl: httpUrl(p.pageUrl) } : {}),
      ...(httpUrl(p.referrerUrl) ? { referrerUrl: httpUrl(p.referrerUrl) } : {}),
      ...(browserLanguage && TAG.test(browserLanguage) ? { language: browserLanguage } : {}),
      ...(Object.keys(variables).length ? { customVariables: variables } : {}),
      visitorKey,
      // The invitation answered: the server keeps it as the chat's first line (when it is one of the widget's own).
      ...(proactive ? { proactive: true, ...(proactivePrompt.value ? { invitation: proactivePrompt.value } : {}) } : {}),
    });
    toParent({ parley: 1, type: 'visitorKey', key: visitorKey });
    emit('chatStarted', { chatId: started.chatId, email: form.email ?? null, message: form.message, status: started.status, proactive });
    proactivePrompt.value = null;
    formDraft.value = null; // sent: the next form starts afresh
    if (started.status === 'offline') {
      offlineSentTo.value = form.email ?? '';
      emit('offlineSubmitted', { email: form.email ?? '', message: form.message });
      return;
    }
    visitorEmail.value = form.email ?? '';
    attach(started.chatId, started.visitorToken, 0);
    if (started.queue) conversation.value = { ...conversation.value, queue: started.queue };
  } catch (e) {
    explain(e, ['name', 'email', 'message']);
  } finally {
    busy.value = false;
  }
};

const clientMessageId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
const sending = new Map<string, string>(); // line key → clientMessageId (a retry reuses it: never sent twice)

const deliver = async (key: string, text: string) => {
  const c = chat.value;
  if (!c) return;
  try {
    const stored = await api.send(c.chatId, c.token, text, sending.get(key)!);
    sending.delete(key);
    conversation.value = settlePending(conversation.value, key, stored);
    emit('messageSent', { text });
  } catch (e) {
    conversation.value = settlePending(conversation.value, key, null);
    explain(e);
  }
};

/** Sends the visitor's message (shown at once, marked when the server has it). */
export const sendMessage = (raw: string): void => {
  const text = raw.trim();
  if (!text || !chat.value) return;
  cancelDraft();
  composerDraft.value = '';
  const key = `p${clientMessageId()}`;
  sending.set(key, clientMessageId());
  problem.value = null;
  conversation.value = addPending(conversation.value, key, t('you'), text);
  void deliver(key, text);
};

export const retryMessage = (key: string): void => {
  const line = conversation.value.lines.find((l) => l.key === key);
  if (line?.kind !== 'message' || !sending.has(key)) return;
  conversation.value = retryPending(conversation.value, key);
  void deliver(key, line.text);
};

/** The visitor's draft for the agent's sneak peek: at most one update every 500 ms, the latest wins. */
const DRAFT_INTERVAL_MS = 500;
let draft: string | null = null;
let draftSent = '';
let draftAt = 0;
let draftTimer: ReturnType<typeof setTimeout> | null = null;

const flushDraft = () => {
  draftTimer = null;
  const c = chat.value;
  if (draft === null || draft === draftSent || !c) return;
  draftAt = Date.now();
  draftSent = draft;
  draft = null;
  api.typing(c.chatId, c.token, draftSent).catch(() => undefined); // a lost peek is harmless
};

export const draftChanged = (text: string): void => {
  if (conversation.value.phase !== 'active') return; // nobody to show it to yet
  draft = text;
  if (draftTimer) return;
  draftTimer = setTimeout(flushDraft, Math.max(0, draftAt + DRAFT_INTERVAL_MS - Date.now()));
};

const cancelDraft = () => {
  if (draftTimer) clearTimeout(draftTimer);
  draftTimer = null;
  draft = null;
  draftSent = ''; // the server clears the peek when the message arrives
};

export const endChat = async (): Promise<void> => {
  const c = chat.value;
  if (!c) return;
  cancelDraft();
  try {
    await api.close(c.chatId, c.token);
  } catch (e) {
    explain(e);
  }
};

/** Mails the chat's transcript to the visitor (at most a few a day: the server counts). */
export const requestTranscript = async (email: string): Promise<void> => {
  const c = chat.value;
  if (!c || transcript.value.busy) return;
  transcript.value = { ...noTranscript, busy: true };
  try {
    const sent = await api.transcript(c.chatId, c.token, email, language.value);
    visitorEmail.value = sent.email;
    transcript.value = { ...noTranscript, sentTo: sent.email, soFar: conversation.value.phase !== 'ended' };
  } catch (e) {
    const text = problemText(e, ['email']);
    transcript.value = {
      ...noTranscript,
      problem: text && t(text.key, text.values),
      fields: e instanceof ApiError && e.code === 'validation_failed' ? e.fields : [],
    };
  }
};

/** Sends the visitor's rating of the ended chat; a chat rated before (another tab) counts as rated. */
export const rateChat = async (score: number, comment: string): Promise<void> => {
  const c = chat.value;
  if (!c || busy.value) return;
  busy.value = true;
  problem.value = null;
  try {
    await api.survey(c.chatId, c.token, score, comment.trim());
    conversation.value = { ...conversation.value, rated: true };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'survey_taken') conversation.value = { ...conversation.value, rated: true };
    else explain(e);
  } finally {
    busy.value = false;
    storeChat(); // rated: not asked again on the next page
  }
};

/**
 * Nobody serving the widget is there while the visitor waits: they give up the place in the queue and get the
 * offline form instead, filled with what they wrote, so nothing they typed is lost.
 */
export const leaveMessageInstead = async (): Promise<void> => {
  const c = chat.value;
  if (!c || busy.value) return;
  const written = conversation.value.lines.flatMap((l) => (l.kind === 'message' && l.from === 'visitor' ? [l.text] : [])).join('\n');
  busy.value = true;
  try {
    cancelDraft();
    await api.close(c.chatId, c.token);
  } catch (e) {
    explain(e);
    return;
  } finally {
    busy.value = false;
  }
  formDraft.value = { name: lastGiven.value.name, email: visitorEmail.value || lastGiven.value.email, message: written };
  newChat();
};

/** After an ended chat or a sent offline request: back to the form. */
export const newChat = (): void => {
  stream?.close();
  stream = null;
  endedAt = null;
  batch(() => {
    chat.value = null;
    conversation.value = newConversation();
    offlineSentTo.value = null;
    problem.value = null;
  });
  storeChat();
  void refreshAvailability();
};

const refreshAvailability = async () => {
  if (previewing) return; // the preview shows the mode the console asks for
  try {
    availability.value = await api.availability(widgetId);
  } catch {
    // keep what we had
  }
};

export const setOpen = (open: boolean): void => {
  if (open === isOpen.value) return;
  const what = chat.value ? 'chat' : proactivePrompt.value !== null ? 'proactive' : 'form';
  isOpen.value = open;
  if (open) {
    unread.value = 0;
    if (!chat.value) void refreshAvailability();
    emit('open', { agentStatus: agentStatus() });
  } else {
    emit('close', { what, agentStatus: agentStatus() });
    proactivePrompt.value = null;
  }
};

/** When this page was shown (loaded with the frame, or reached in a single-page app): a rule's delay counts from here. */
let pageShownAt = Date.now();
let invitationTimer: ReturnType<typeof setTimeout> | null = null;

/** Invitations come once per visit, never over a chat or an open panel. */
const mayInvite = () => !!config.value && !!page.value && !page.value.visit.invited && !chat.value && !isOpen.value;

const planHere = () => {
  const p = page.value!;
  return planInvitation(config.value!.proactiveRules, {
    pageUrl: p.pageUrl,
    referrerUrl: p.referrerUrl,
    pagesViewed: p.visit.pagesViewed,
    secondsOnPage: (Date.now() - pageShownAt) / 1000,
    agentsOnline: agentStatus() === 'online',
  });
};

/** Waits for the widget's next proactive invitation on this page, if one applies. */
const scheduleInvitation = (): void => {
  if (invitationTimer) clearTimeout(invitationTimer);
  invitationTimer = null;
  if (!mayInvite()) return;
  const planned = planHere();
  if (planned) invitationTimer = setTimeout(() => void inviteWhenDue(), planned.inSeconds * 1000);
};

const inviteWhenDue = async () => {
  invitationTimer = null;
  if (!mayInvite()) return;
  // Agents may have come or gone since the page loaded.
  if (config.value!.proactiveRules.some((r) => r.onlyWhenAgentsOnline)) await refreshAvailability();
  if (!mayInvite()) return;
  const planned = planHere();
  if (planned && planned.inSeconds <= 0) invite(planned.rule.message);
  else scheduleInvitation();
};

/** Opens the widget with an invitation as the agent's first words; none other comes this visit. */
const invite = (message: string) => {
  const p = page.value;
  if (p) page.value = { ...p, visit: { ...p.visit, invited: true } };
  toParent({ parley: 1, type: 'invited' });
  proactivePrompt.value = message;
  setOpen(true);
  emit('invitation', { alias: config.value?.name ?? t('agent'), message });
};

const receive = (m: ToFrame) => {
  switch (m.type) {
    case 'init': {
      // What the visitor was writing when they left the last page of this tab.
      const kept = m.state.visit.draft ?? null;
      keptDraft = JSON.stringify(kept);
      batch(() => {
        page.value = m.state;
        sound.value = m.state.sound;
        isOpen.value = m.state.open;
        if (kept?.form) formDraft.value = kept.form;
      });
      if (m.state.chat) {
        const { chatId, token, endedAt: ended = null, rated } = m.state.chat;
        // An ended chat long ago: a visitor back another time starts afresh.
        if (ended !== null && Date.now() - ended > ENDED_CHAT_KEPT_MS) toParent({ parley: 1, type: 'chat', chat: null });
        else {
          attach(chatId, token, m.state.chat.lastSeq, rated === true, ended);
          if (ended === null && kept?.composer?.chatId === chatId) composerDraft.value = kept.composer.text;
          // A page of the site opened while the chat goes on: the agent sees where the visitor is now. A lost one is harmless.
          const url = httpUrl(m.state.pageUrl);
          if (url && ended === null) api.page(chatId, token, url).catch(() => undefined);
        }
      }
      scheduleInvitation();
      return;
    }
    case 'set':
      if (page.value) page.value = { ...page.value, ...m.state };
      if (m.state.sound !== undefined) sound.value = m.state.sound;
      return;
    case 'open':
      if (m.proactive !== undefined && !chat.value && !isOpen.value) return invite(m.proactive);
      return setOpen(true);
    case 'close':
      return setOpen(false);
    case 'startChat': {
      setOpen(true);
      const v = page.value?.visitor ?? {};
      const ask = config.value?.preChat;
      const offline = screen.value === 'offline';
      const ready = (ask?.askName !== 'required' || v.name) && ((ask?.askEmail !== 'required' && !offline) || v.email);
      if (m.message && !chat.value && ready && screen.value !== 'loading')
        void startChat({ message: m.message, ...(v.name ? { name: v.name } : {}), ...(v.email ? { email: v.email } : {}) });
      else if (m.message && page.value) page.value = { ...page.value, description: m.message }; // prefilled: the form still needs something
      return;
    }
    case 'agentStatus':
      void refreshAvailability().then(() => toParent({ parley: 1, type: 'agentStatus', requestId: m.requestId, status: agentStatus() }));
      return;
    case 'viewport':
      fullScreen.value = m.fullScreen;
      return;
    case 'address': {
      // Not yet a page of the visit (nothing recorded, no invitation timed): only where a chat would start now.
      const p = page.value;
      if (p) page.value = { ...p, pageUrl: m.pageUrl };
      return;
    }
    case 'page': {
      const p = page.value;
      if (!p) return;
      // An invitation this frame showed counts even if the loader has not heard of it yet.
      page.value = { ...p, pageUrl: m.pageUrl, visit: { ...m.visit, invited: m.visit.invited || p.visit.invited } };
      pageShownAt = Date.now();
      const c = chat.value;
      const url = httpUrl(m.pageUrl);
      if (c && url && conversation.value.phase !== 'ended') api.page(c.chatId, c.token, url).catch(() => undefined);
      scheduleInvitation();
      return;
    }
  }
};

/**
 * The preview: open at once, as a visitor's widget on a page, showing the loaded widget with the console's
 * unsaved settings over it, taken only from a parent of Parley's own origin.
 */
const bootPreview = async (): Promise<void> => {
  let loaded: WidgetConfig | null = null;
  let latest: PreviewMessage | null = null;
  // Whether the console last asked for the widget open or closed: a change says so; the admin may open or close it
  // themselves in between.
  let askedOpen = true;
  const show = () => {
    if (loaded && latest) {
      const next = previewConfig(loaded, latest);
      const invitation = latest.invitation ?? null;
      const open = latest.open !== false;
      batch(() => {
        config.value = next;
        availability.value = next.availability;
        proactivePrompt.value = invitation;
        if (open !== askedOpen) isOpen.value = open;
        if (invitation !== null) isOpen.value = true;
      });
      askedOpen = open;
    }
  };
  window.addEventListener('message', (e) => {
    if (e.source !== window.parent || e.origin !== location.origin || !isPreviewMessage(e.data)) return;
    latest = e.data;
    show();
  });
  // The sound control shows what a visitor gets by default (on); the preview itself never plays a sound.
  batch(() => {
    page.value = standalone();
    isOpen.value = true;
  });
  try {
    loaded = await api.config(widgetId);
    config.value = loaded;
    show();
  } catch {
    loadFailed.value = true;
  }
  if (window.parent !== window) window.parent.postMessage({ parley: 1, type: 'previewReady' }, location.origin);
};

/** Loads the widget and starts listening to the loader. */
export const boot = async (): Promise<void> => {
  if (previewing) return bootPreview();
  listenToParent(receive);
  try {
    const loaded = await api.config(widgetId);
    // A visitor the widget blocks is shown nothing, as for a widget that is not there: a chat would be refused.
    if (loaded.visitorBlocked) loadFailed.value = true;
    else {
      config.value = loaded;
      scheduleInvitation();
    }
  } catch {
    loadFailed.value = true;
  }
};
