import { computed, effect, signal } from '@preact/signals';
import { problemMessage } from '@parley/api-client';
import { allWidgets, api } from './api.js';
import { answered, applyEvent, asksForAttention, comesBackTo, listOrder, newInboxChat } from './inbox.js';
import type { AgentStatus, Chat, ChatEvent, InboxChat, Label, User } from './model.js';
import { clockTime } from './clock.js';
import { notifyNew } from './notify.js';
import { leaveTo } from './leave-guard.js';
import { routeOf, type Route } from './route.js';

/** The signed-in user; undefined while the first check runs, null when signed out. */
export const me = signal<User | null | undefined>(undefined);
export const status = signal<AgentStatus>('offline');
/** Why the agent paused (`lunch`, or their own words); null when none was given. */
export const statusReason = signal<string | null>(null);
export const connection = signal<'connecting' | 'live' | 'reconnecting'>('connecting');
export const chats = signal<ReadonlyMap<string, InboxChat>>(new Map());
export const selectedId = signal<string | null>(null);
/**
 * The chat the address names (`/app?chat=<id>`), shown again once the stream brings it: a reload keeps the chat the
 * agent was in, not the first of the list. Null once shown, or once the replay ended without it.
 */
let restoring: string | null = location.pathname.replace(/\/+$/, '') === '/app' ? new URLSearchParams(location.search).get('chat') : null;
export const notice = signal<string | null>(null);
/** The transfer dialog of the open chat is showing. */
export const transferring = signal(false);
/** The visitor's details show over the chat on a narrow screen, where they have no column of their own. */
export const showingVisitor = signal(false);
/** A narrow screen shows the list of chats, not the open chat (the two take turns there; see "← All chats"). */
export const showingList = signal(false);
/** The keyboard shortcuts' help is showing. */
export const showingHelp = signal(false);
/** The account's labels, by name. */
export const labels = signal<readonly Label[]>([]);
/** Why the last try to close a chat was refused (`label_required`: the widget asks for a label first). */
export const closeProblem = signal<{ chatId: string; code: string | null; message: string } | null>(null);

/** Which page of the console the address asks for (see `route.ts`). */
export const route = signal<Route>(routeOf(location.pathname, location.search));

/** The address the console shows: where Back returns to when a form with unsaved changes is kept. */
let shownAddress = `${location.pathname}${location.search}`;
/** Follows the address; back in the inbox, the chat it shows is read (what came while another screen was open counted as unread). */
const followAddress = () => {
  shownAddress = `${location.pathname}${location.search}`;
  route.value = routeOf(location.pathname, location.search);
  if (route.value.page === 'main' && selectedId.value) markRead(selectedId.value);
};
/**
 * Goes to a console address without reloading; `replace` keeps it out of the history (a used link's token). A form
 * with unsaved changes that the address would close asks first (`leave-guard.ts`), unless `unguarded` (its changes
 * are gone anyway: signed out, the widget deleted).
 */
export const navigate = (href: string, replace = false, unguarded = false) => {
  const go = () => {
    if (replace) history.replaceState(null, '', href);
    else history.pushState(null, '', href);
    followAddress();
  };
  if (unguarded) go();
  else leaveTo(href.split(/[?#]/)[0]!, go);
};
// Back and Forward have moved the address already: while the form asks, the address it shows is put back.
addEventListener('popstate', () => {
  const to = `${location.pathname}${location.search}`;
  const left = leaveTo(location.pathname, () => {
    history.replaceState(null, '', to);
    followAddress();
  });
  if (!left) history.pushState(null, '', shownAddress);
});

// The address names the chat the inbox shows (replaced, not pushed: going back leaves the console, not the chat).
effect(() => {
  const id = selectedId.value;
  if (route.value.page !== 'main') return;
  const address = id ? `/app?chat=${encodeURIComponent(id)}` : '/app';
  if (`${location.pathname}${location.search}` !== address) history.replaceState(null, '', address);
});

export const ordered = computed(() => listOrder(chats.value.values()));
export const selected = computed(() => (selectedId.value ? (chats.value.get(selectedId.value) ?? null) : null));
/**
 * The unread messages of the chats still the agent's to answer (the Inbox tab's badge, the page's title): a chat no
 * longer theirs counts none (see applyEvent).
 */
export const unreadTotal = computed(() => [...chats.value.values()].reduce((n, c) => n + (c.ended === null ? c.unread : 0), 0));

const put = (c: InboxChat) => {
  const next = new Map(chats.value);
  next.set(c.id, c);
  chats.value = next;
};

/** Whether the agent sees the chat's messages as they come: it is the one the inbox shows, on screen. */
const reading = (chatId: string) => selectedId.value === chatId && route.value.page === 'main' && document.visibilityState === 'visible';

/** Loads the chat record (visitor details) once per chat. */
const loadChat = async (chatId: string) => {
  const { data } = await api.GET('/api/v1/chats/{id}', { params: { path: { id: chatId } } });
  const current = chats.value.get(chatId);
  if (data?.chat && current) put({ ...current, chat: data.chat });
};

/** The agent's open chats by id, from the list call that runs now (see {@link loadChats}); null when none runs. */
let listing: Promise<ReadonlyMap<string, Chat>> | null = null;

/**
 * Loads the records of chats the inbox has just learnt of: several at once (the stream's replay when the
 * console opens) with one list call for the agent's open chats, instead of one request each; those that list
 * does not hold (closed meanwhile) one by one. A replay that arrives over several frames learns of its chats
 * in several bursts: a burst that comes while the list call runs waits for that call, which answers every
 * chat the agent had when it was made, rather than making the same call again.
 */
const loadChats = async (chatIds: readonly string[]) => {
  const user = me.value;
  if (chatIds.length === 1 || !user) return void (await Promise.all(chatIds.map(loadChat)));
  listing ??= api
    .GET('/api/v1/chats', { params: { query: { agentId: user.id, status: 'active', limit: 200 } } })
    .then(({ data }) => new Map((data?.items ?? []).map((c) => [c.id, c])))
    .finally(() => (listing = null));
  const found = await listing;
  const next = new Map(chats.value);
  for (const id of chatIds) {
    const current = next.get(id);
    const chat = found.get(id);
    if (current && chat) next.set(id, { ...current, chat });
  }
  chats.value = next;
  await Promise.all(chatIds.filter((id) => !found.has(id)).map(loadChat));
};

/** Where the stream said that its opening replay is over (`stream.ready`), among the pending events. */
const READY = 'ready';
/** Stored events from the stream not applied yet: a burst (the replay of every open chat) is applied at once. */
let pending: (ChatEvent | typeof READY)[] = [];
let flushing = false;
/**
 * Whether this page's first connection has replayed what was there when it opened: only then do new events sound.
 * A reconnect's replay (what the page missed while away) may: it is new to the agent.
 */
let replayed = false;

/**
 * Whether a chat given to the agent may take the place of the one shown: that one has ended (closed, or passed on)
 * and holds no note being written nor an unsent reply the agent may still copy. Otherwise an agent looking at a chat
 * they passed on would type the new visitor's answer into its box, which there writes notes.
 */
const leavesShownChat = (shown: InboxChat | undefined): boolean =>
  shown === undefined || (shown.ended !== null && !keptDraft(shown.id, 'note').trim() && !keptDraft(shown.id, 'reply').trim());

/** Shows the chat; its reply box takes the focus if the shown chat's box had it, so typing goes on there. */
const showInstead = (chatId: string) => {
  const typing = document.activeElement?.closest('.composer') != null;
  selectedId.value = chatId;
  if (typing) replyFocus.value = { chatId, n: replyFocus.value.n + 1 };
};

/** Applies the pending events in one update of the inbox, so a replay of a thousand events renders once. */
const flush = () => {
  flushing = false;
  const batch = pending;
  pending = [];
  const user = me.value;
  if (!user || batch.length === 0) {
    if (batch.includes(READY)) replayed = true;
    return;
  }
  const next = new Map(chats.value);
  const fresh: string[] = [];
  let switched = false;
  // How far each chat was read (here, in another tab, or before a reload): read once for the whole burst.
  const read = readMarks();
  for (const e of batch) {
    if (e === READY) {
      replayed = true;
      restoring = null;
      continue;
    }
    const known = next.get(e.chatId);
    if (!known && dismissedIds.has(e.chatId)) {
      if (!comesBackTo(e, user.id)) continue;
      dismissedIds.delete(e.chatId);
    }
    const { chat, applied } = applyEvent(known ?? newInboxChat(e.chatId), e, user.id, reading(e.chatId) || (read[e.chatId] ?? 0) >= e.seq);
    if (!applied) continue;
    next.set(chat.id, chat);
    if (!known) fresh.push(e.chatId);
    const live = replayed && Date.now() - Date.parse(e.at) < 30_000;
    if (restoring === e.chatId) {
      selectedId.value = e.chatId;
      restoring = null;
    } else if (!selectedId.value) selectedId.value = e.chatId;
    else if (live && comesBackTo(e, user.id) && leavesShownChat(next.get(selectedId.value))) {
      showInstead(e.chatId);
      switched = true;
    }
    if (live && (asksForAttention(e, user.id) || e.type === 'chat.assigned')) notifyNew(e, chat, () => openChat(e.chatId));
  }
  chats.value = next;
  if (passingOn.size) settlePassingOn();
  if (switched && selectedId.value && reading(selectedId.value)) markRead(selectedId.value);
  if (fresh.length) void loadChats(fresh);
};

/** One stored event from the agent stream; applied with the others of its burst on the next frame. */
export const receive = (e: ChatEvent) => enqueue(e);

/** The stream's `stream.ready`: what came before it was replayed, what follows is live. */
export const receiveReady = () => enqueue(READY);

/** A new stream (not a reconnect of the last one) opens: its replay is what was there already, and is silent. */
export const streamOpening = () => {
  replayed = false;
};

const enqueue = (e: ChatEvent | typeof READY) => {
  pending.push(e);
  if (flushing) return;
  flushing = true;
  // A hidden tab gets no frames: a short timer then, so the inbox (and the tab title) still follow.
  if (document.visibilityState === 'visible') requestAnimationFrame(flush);
  else setTimeout(flush, 50);
};

/** An owner or admin deleted one of the agent's ended chats (`chat.deleted`, live, no cursor id): it leaves the inbox. */
export const receiveDeleted = (chatId: string) => {
  flush(); // its earlier events first, or they would bring it back
  dismiss(chatId);
};

/**
 * The visitor's rating of a chat that has ended (sent live, without a cursor id): added to the chat when it is
 * still in the inbox, never bringing back one the agent dismissed.
 */
export const receiveRating = (e: ChatEvent) => {
  flush(); // the chat's earlier events first, or they would count as already seen
  const user = me.value;
  const known = chats.value.get(e.chatId);
  if (user && known) put(applyEvent(known, e, user.id, true).chat);
};

/**
 * Offline requests marked handled or not since the console opened (`chat.handled`, sent live), by chat id:
 * what History shows over the page it loaded, so another agent's mark appears at once.
 */
export const handledMarks = signal<ReadonlyMap<string, { handledAt: string | null; handledBy: string | null }>>(new Map());

/** One `chat.handled` event from the stream. */
export const receiveHandled = (e: ChatEvent) => {
  const d = e.data as { handled?: boolean; byUserId?: string };
  const next = new Map(handledMarks.value);
  next.set(e.chatId, d.handled ? { handledAt: e.at, handledBy: d.byUserId ?? null } : { handledAt: null, handledBy: null });
  handledMarks.value = next;
};

/** Marks an offline request handled or not; the answer is shown at once, the stream tells the other consoles. */
export const setHandled = async (chatId: string, handled: boolean): Promise<Chat | string> => {
  const { data, error } = await api.PUT('/api/v1/chats/{id}/handled', { params: { path: { id: chatId } }, body: { handled } });
  if (error || !data) return problemMessage(error, 'The request could not be marked. Try again.');
  const next = new Map(handledMarks.value);
  next.set(chatId, { handledAt: data.handledAt ?? null, handledBy: data.handledBy ?? null });
  handledMarks.value = next;
  return data;
};

/** The visitor's draft, relayed live (never stored). */
export const receiveDraft = (chatId: string, text: string) => {
  const c = chats.value.get(chatId);
  if (c) put({ ...c, draft: text });
};

export const select = (chatId: string) => {
  // A question to close another chat goes with it: back there, Close chat asks again.
  if (closingAsked.value && closingAsked.value.chatId !== chatId) closingAsked.value = null;
  selectedId.value = chatId;
  markRead(chatId);
};

/** The chat whose reply box should take the focus once shown (see {@link openForReply}), and a count that says when asked. */
export const replyFocus = signal<{ readonly chatId: string; readonly n: number }>({ chatId: '', n: 0 });

/**
 * Opens the chat as an agent picking it from the list does (a click, Enter, Alt+↓): its reply box then takes the
 * focus, so that what they type goes there, not to the list (where `?` opened the shortcuts) or nowhere. Not on a
 * touch screen, where the focus would open the keyboard over the chat they want to read first.
 */
export const openForReply = (chatId: string) => {
  select(chatId);
  showingList.value = false;
  replyFocus.value = { chatId, n: replyFocus.value.n + 1 };
};

/**
 * What the agent was writing, kept in the tab's session storage so that a reload (or a crash of the page) loses
 * none of it: the drafts by chat, and which chats' boxes write notes. Both go on sign-out. Where the storage is
 * refused (a private window's quota), they live in the page only.
 */
const DRAFTS_KEY: Readonly<Record<DraftKind, string>> = { reply: 'parley.replyDrafts', note: 'parley.noteDrafts' };
const NOTING_KEY = 'parley.notingIn';
/** The tab's storage (drafts) or the browser's (read marks); a getter, as reading either may throw where refused. */
type Kept = () => Storage | undefined;
const inTab: Kept = () => globalThis.sessionStorage;
const inBrowser: Kept = () => globalThis.localStorage;
/** A value kept as JSON under `key`, or `fallback` when there is none or it cannot be read. */
const readKept = <T>(where: Kept, key: string, fallback: T): T => {
  try {
    const raw = where()?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
};
/** Keeps `value` as JSON under `key`; undefined removes it. Refused (full, private window): kept in the page only. */
const writeKept = (where: Kept, key: string, value: unknown) => {
  try {
    if (value === undefined) where()?.removeItem(key);
    else where()?.setItem(key, JSON.stringify(value));
  } catch {
    // kept in the page only
  }
};

/** The chats whose reply box writes a note for the team instead of a reply (its switch, or Alt+N), by id. */
export const notingIn = signal<ReadonlySet<string>>(new Set(readKept<string[]>(inTab, NOTING_KEY, [])));
export const setNoting = (chatId: string, on: boolean) => {
  if (notingIn.value.has(chatId) === on) return;
  const next = new Set(notingIn.value);
  if (on) next.add(chatId);
  else next.delete(chatId);
  notingIn.value = next;
  writeKept(inTab, NOTING_KEY, [...next]);
};

/** What a draft was written as: a reply for the visitor, or a note for the team. */
export type DraftKind = 'reply' | 'note';
/**
 * Replies and notes being written, by chat: kept while the agent looks at another chat or at the history, or
 * reloads, until sent. The two are kept apart, so that a reply never turns into a note unless the agent switches the
 * box to notes: a chat passed on (or closed) keeps only a note box, and its unsent reply is offered to copy instead.
 */
const drafts: Readonly<Record<DraftKind, Map<string, string>>> = {
  reply: new Map(Object.entries(readKept<Record<string, string>>(inTab, DRAFTS_KEY.reply, {}))),
  note: new Map(Object.entries(readKept<Record<string, string>>(inTab, DRAFTS_KEY.note, {}))),
};
export const keptDraft = (chatId: string, kind: DraftKind): string => drafts[kind].get(chatId) ?? '';
export const keepDraft = (chatId: string, kind: DraftKind, text: string) => {
  if (text) drafts[kind].set(chatId, text);
  else drafts[kind].delete(chatId);
  writeKept(inTab, DRAFTS_KEY[kind], Object.fromEntries(drafts[kind]));
};
/** Forgets what was being written (signed out). */
const forgetDrafts = () => {
  for (const kind of ['reply', 'note'] as const) {
    drafts[kind].clear();
    writeKept(inTab, DRAFTS_KEY[kind], undefined);
  }
  notingIn.value = new Set();
  writeKept(inTab, NOTING_KEY, undefined);
};

/** Shows the chat in the inbox, from whatever screen is open (a notification's click). */
export const openChat = (chatId: string) => {
  if (route.value.page !== 'main') navigate('/app');
  select(chatId);
};

export const markRead = (chatId: string) => {
  const c = chats.value.get(chatId);
  if (!c) return;
  keepReadUpTo(chatId, c.lastSeq);
  if (c.unread > 0) put({ ...c, unread: 0 });
};

/**
 * How far the agent has read each chat, by seq, kept in the browser's local storage (per user) so that another
 * tab, or the page after a reload, does not count again what was read here.
 */
const readKey = () => `parley.read.${me.value?.id ?? ''}`;
const readMarks = (): Record<string, number> => readKept(inBrowser, readKey(), {});
const keepReadUpTo = (chatId: string, seq: number) => {
  const marks = readMarks();
  if ((marks[chatId] ?? 0) >= seq) return;
  // Only the chats still in the inbox: the list does not grow for ever.
  const kept = Object.fromEntries(Object.entries(marks).filter(([id]) => chats.value.has(id)));
  writeKept(inBrowser, readKey(), { ...kept, [chatId]: seq });
};

/**
 * Chats the agent removed from the inbox: what the stream says of them later (the transfer that took one away,
 * a colleague's note) does not bring them back, unless the chat comes back to the agent.
 */
const dismissedIds = new Set<string>();

/** Removes the chats `gone` picks from the inbox; when the shown one goes, the first of the list is shown. */
const dismissWhere = (gone: (c: InboxChat) => boolean) => {
  const next = new Map([...chats.value].filter(([, c]) => !gone(c)));
  if (next.size === chats.value.size) return;
  for (const id of chats.value.keys()) if (!next.has(id)) dismissedIds.add(id);
  chats.value = next;
  if (selectedId.value !== null && !next.has(selectedId.value)) selectedId.value = ordered.value[0]?.id ?? null;
};

/** Removes an ended chat from the inbox. */
export const dismiss = (chatId: string) => dismissWhere((c) => c.id === chatId);

/** Chats passed on to a widget's queue and gone from the agent, to dismiss once the stream has said so. */
const passingOn = new Set<string>();
/**
 * Removes a chat the agent passed on to a widget's queue, as the transfer's answer left it (`agentId`: who has it
 * now). The queue may have given it straight back to them: it stays, theirs to answer. Otherwise it goes once the
 * stream has brought the transfer, which may come after the answer.
 */
export const dismissPassedOn = (chatId: string, agentId: string | null) => {
  if (agentId !== null && agentId === me.value?.id) return;
  passingOn.add(chatId);
  settlePassingOn();
};
const settlePassingOn = () => {
  for (const id of passingOn) {
    const c = chats.value.get(id);
    if (c && !c.ended) continue;
    passingOn.delete(id);
    if (c) dismiss(id);
  }
};

/** Removes every chat no longer the agent's (ended, passed on) from the inbox at once: the list keeps what still needs the agent. */
export const dismissEnded = () => dismissWhere((c) => c.ended !== null);

/**
 * What a sign-in came to when the workspace does not open: refused (the server's words), a password that has
 * expired (the ticket that sets a new one, and why: `max_age_reached`, `requirements_raised`), or an email and
 * password that open several accounts (the one to sign in to is chosen, and sent as `accountId`).
 */
export type SignInOutcome =
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'expired'; readonly ticket: string; readonly reasons: readonly string[] }
  | { readonly kind: 'choose'; readonly accounts: readonly { readonly id: string; readonly name: string }[] };

/** Signs in (the server sets the session cookie): null once the workspace opens, else what stands in the way. */
export const signIn = async (email: string, password: string, accountId?: string): Promise<SignInOutcome | null> => {
  const { data, error } = await api.POST('/api/v1/auth/login', { body: { email, password, ...(accountId ? { accountId } : {}) } });
  if (data) {
    signedOutWhy.value = null;
    void signedIn(data.user as User);
    return null;
  }
  const p = error as { code?: string; ticket?: unknown; reasons?: unknown; accounts?: unknown; lockedUntil?: unknown } | undefined;
  if (p?.code === 'password_expired' && typeof p.ticket === 'string')
    return { kind: 'expired', ticket: p.ticket, reasons: Array.isArray(p.reasons) ? p.reasons.map(String) : [] };
  if (p?.code === 'account_choice_required' && Array.isArray(p.accounts) && p.accounts.length > 0)
    return { kind: 'choose', accounts: p.accounts as { id: string; name: string }[] };
  if (p?.code === 'account_locked' && typeof p.lockedUntil === 'string' && !Number.isNaN(Date.parse(p.lockedUntil)))
    return { kind: 'refused', message: lockedUntilMessage(new Date(p.lockedUntil)) };
  return { kind: 'refused', message: problemMessage(error, 'Could not sign in.') };
};

/** A lockout that ends by itself, said with the time it ends on this computer's clock (the date too when not today). */
export const lockedUntilMessage = (until: Date, now = new Date()): string => {
  const time = clockTime(until);
  const when = until.toDateString() === now.toDateString() ? time : `${until.toLocaleDateString()} ${time}`;
  return `Too many failed sign-ins: try again after ${when}, or ask an owner or admin to unlock you.`;
};

type SignUpState = { open: boolean; setup: boolean };
let signUpAnswer: Promise<SignUpState | null> | null = null;

/**
 * Whether the server takes a new account now (`open`), and whether it has none yet (`setup`); null if it cannot
 * say. Asked once a page (the sign-in form asks, then the sign-up form it opens on a fresh server); again after a
 * failure, or once an account has been made here.
 */
export const signUpState = (): Promise<SignUpState | null> => {
  signUpAnswer ??= api
    .GET('/api/v1/signup')
    .then(({ data }) => data)
    .catch(() => undefined)
    .then((data) => {
      if (!data) signUpAnswer = null;
      return data ?? null;
    });
  return signUpAnswer;
};

/**
 * Creates an account and its owner, then signs the owner in (the server sets the session cookie). Answers why
 * it was refused: every broken password rule, a closed sign-up, or the fields the server found wrong.
 */
export const signUp = async (input: {
  accountName: string;
  name: string;
  email: string;
  password: string;
}): Promise<PasswordRefusal | null> => {
  const { data, error } = await api.POST('/api/v1/accounts', { body: input });
  signUpAnswer = null; // the server may have its first account now, or have closed sign-up
  if (error) {
    const known = passwordRefusalOf(error, { signup_closed: 'This server takes no new accounts. Ask its operator, or sign in.' });
    if (known) return known;
    const fields = (error as Problem | undefined)?.errors;
    if (fields?.length) return { message: 'Check these fields:', rules: fields };
    return { message: problemMessage(error, 'The account could not be created. Try again.'), rules: [] };
  }
  // Into the account just made, even where the same email and password open another one too.
  const failed = await signIn(input.email, input.password, data?.account?.id);
  return failed ? { message: failed.kind === 'refused' ? failed.message : 'Sign in to your new account.', rules: [] } : null;
};

/** Asks for a reset link; the server answers the same whether the address is known or not. */
export const forgotPassword = async (email: string): Promise<string | null> => {
  const { error } = await api.POST('/api/v1/auth/password/forgot', { body: { email } });
  return error ? problemMessage(error, 'The request could not be sent. Try again.') : null;
};

/** What a refusal of a password by its rules says above them. */
export const PASSWORD_REFUSED = 'Choose another password:';

/** Why a new password was refused: each broken rule (`too_short`...) in the server's words, or one message. */
export type PasswordRefusal = {
  readonly message: string;
  readonly rules: readonly { readonly code: string; readonly message: string }[];
  /** The field to correct: the new password (by default), or the current one of a signed-in change. */
  readonly field?: 'current' | 'password';
};

type Problem = { code?: string; errors?: { code: string; message: string }[] };

/**
 * A password form's refusal when the server's answer is one it words itself: every broken password rule
 * (`password_policy_violation`), or `messages` by problem code. Null for any other answer.
 */
const passwordRefusalOf = (error: unknown, messages: Readonly<Record<string, string>>): PasswordRefusal | null => {
  const problem = error as Problem | undefined;
  if (problem?.code === 'password_policy_violation') return { message: PASSWORD_REFUSED, rules: problem.errors ?? [] };
  const code = problem?.code;
  return code !== undefined && Object.hasOwn(messages, code) ? { message: messages[code]!, rules: [] } : null;
};

/** What a link's page says once its token is spent or too old. */
export const LINK_NO_LONGER_VALID = 'This link is no longer valid: it was used already or has expired.';

/**
 * Sets the password with a mailed link's token (a reset or an invitation). The server signs the user in
 * (cookie), so the workspace opens, and the token leaves the address bar.
 */
export const setPasswordWithLink = async (kind: 'reset' | 'invite', token: string, password: string): Promise<PasswordRefusal | null> => {
  const body = { body: { token, password } };
  const { data, error } =
    kind === 'reset' ? await api.POST('/api/v1/auth/password/reset', body) : await api.POST('/api/v1/auth/invitations/accept', body);
  if (error || !data)
    return (
      passwordRefusalOf(error, { invalid_token: LINK_NO_LONGER_VALID }) ?? {
        message: problemMessage(error, 'The password could not be set. Try again.'),
        rules: [],
      }
    );
  navigate('/app', true);
  void signedIn(data.user as User);
  return null;
};

/**
 * Changes the counter each time the session is renewed by a password change, so that the workspace follows the
 * agent's stream again with the new session; the old stream's end, which the change causes, signs nobody out.
 */
export const sessionEpoch = signal(0);
let renewingSession = false;

/** Whether a session end the stream reports is the one a password change is causing (see sessionEpoch). */
export const renewingSessionNow = () => renewingSession;

/** When the signed-in user's password expires by age (null: passwords do not age, or not known yet). */
export const passwordExpiresAt = signal<string | null>(null);

/** Reads the signed-in user's own record for {@link passwordExpiresAt} (the users API says it; `/me` does not). */
export const loadPasswordExpiry = async () => {
  const id = me.value?.id;
  if (!id) return;
  const { data } = await api.GET('/api/v1/users/{id}', { params: { path: { id } } });
  passwordExpiresAt.value = data?.passwordExpiresAt ?? null;
};

/**
 * Sets a new password: with the ticket of a sign-in refused because the password has expired, or signed in with
 * the current password. The server ends every session of the user and opens a fresh one (the cookie), so the
 * workspace opens, or stays open on the new session.
 */
export const changePassword = async (
  proof: { readonly ticket: string } | { readonly currentPassword: string },
  newPassword: string,
  ticketSpent = 'This took too long: sign in again to choose a new password.',
): Promise<PasswordRefusal | null> => {
  renewingSession = 'currentPassword' in proof;
  try {
    const { data, error } = await api.POST('/api/v1/auth/password', { body: { ...proof, newPassword } });
    if (error || !data) {
      if ((error as Problem | undefined)?.code === 'invalid_credentials')
        return { message: 'Your current password is not right.', rules: [], field: 'current' };
      return (
        passwordRefusalOf(error, { unauthenticated: ticketSpent }) ?? {
          message: problemMessage(error, 'The password could not be changed. Try again.'),
          rules: [],
        }
      );
    }
    if (renewingSession) sessionEpoch.value++;
    void signedIn(data.user as User);
    void loadPasswordExpiry(); // a new password's age starts again
    return null;
  } finally {
    renewingSession = false;
  }
};

/** Why the sign-in form shows when the server ended the session (null: the user signed out, or never was in). */
export const signedOutWhy = signal<string | null>(null);

/** What the sign-in form says after the server ended the session, by the stream's `end` reason. */
export const SESSION_END_MESSAGES: Readonly<Record<string, string>> = {
  session_expired: 'Your session has expired. Sign in again.',
  session_ended:
    'You were signed out: from another browser, by a change of your password, or because an owner raised the password rules. Sign in again.',
};

export const signOut = async (why: string | null = null) => {
  await api.POST('/api/v1/auth/logout');
  signedOutWhy.value = why;
  me.value = null;
  chats.value = new Map();
  selectedId.value = null;
  forgetDrafts();
};

export const loadMe = async () => {
  const { data } = await api.GET('/api/v1/me');
  if (data) await signedIn(data);
  else me.value = null;
};

/**
 * The user is in (a reload, the sign-in form, a mailed link, a new password): their status as the server has it,
 * which another browser or device may have set (a console showed "Offline" for an agent online elsewhere).
 */
const signedIn = async (user: User) => {
  me.value = user;
  const s = await api.GET('/api/v1/agents/me/status');
  if (s.data && me.value?.id === user.id) showStatus(s.data as { status: AgentStatus; reason?: string | null });
};

/** The agent's status as the server last told it (an answer, or `agent.status` on the stream). */
export const showStatus = (s: { status: AgentStatus; reason?: string | null }) => {
  status.value = s.status;
  statusReason.value = s.reason ?? null;
};

/** Sets the agent's status; a pause may say why (at most 40 characters), any other status clears the reason. */
export const setStatus = async (next: AgentStatus, reason: string | null = null): Promise<string | null> => {
  const { data, error } = await api.PUT('/api/v1/agents/me/status', { body: { status: next, ...(reason ? { reason } : {}) } });
  if (error) return (notice.value = problemMessage(error));
  if (data) showStatus(data as { status: AgentStatus; reason?: string | null });
  // An admin may have added (or removed) this agent to a widget since the console was opened.
  if (next === 'online' && servedWidgets.value === 0) void loadWidgetNames();
  return null;
};

/** A label's name by its id (none: deleted since, or not loaded yet). */
export const labelName = (id: string): string | undefined => labels.value.find((l) => l.id === id)?.name;

/**
 * Reads the account's labels. The agent stream does not carry label changes, so the console reads them again
 * when it comes back into view, when the window has the focus again, when a chat is shown or chosen again in the
 * list, when the list to add one is opened, every minute
 * while in view, and when the server refused a label that was deleted meanwhile: a label an admin just made,
 * renamed or deleted shows as it is now.
 */
export const loadLabels = async () => {
  const { data } = await api.GET('/api/v1/labels');
  if (data) labels.value = data.items;
};

/** The names of the widgets this user may see, by id: which widget a chat came in on (Sales or Support). */
export const widgetNames = signal<ReadonlyMap<string, string>>(new Map());

/** The widgets the signed-in user serves (is one of the agents of), by id; null until the widgets are read. */
export const servedWidgetIds = signal<ReadonlySet<string> | null>(null);
/** How many widgets the signed-in user serves; null until the widgets are read. */
export const servedWidgets = computed(() => servedWidgetIds.value?.size ?? null);

/** Reads the widgets: their names, and which the signed-in user serves. */
export const loadWidgetNames = async () => {
  const widgets = await allWidgets();
  if (!widgets) return;
  widgetNames.value = new Map(widgets.map((w) => [w.id, w.name]));
  const id = me.value?.id;
  if (id) servedWidgetIds.value = new Set(widgets.filter((w) => w.agentIds.includes(id)).map((w) => w.id));
};

/** Gives the chat exactly these labels; the answer (and `chat.labeled` on the stream) updates the inbox. */
export const setChatLabels = async (chatId: string, labelIds: readonly string[]): Promise<string | null> => {
  const { data, error } = await api.PUT('/api/v1/chats/{id}/labels', {
    params: { path: { id: chatId } },
    body: { labelIds: [...labelIds] },
  });
  if (error || !data) {
    // A label deleted since the list was read: the server names it by id, which says nothing to the agent.
    if (error?.code === 'validation_failed' && error.errors?.some((d) => d.code === 'unknown_label')) {
      void loadLabels();
      return 'That label was deleted meanwhile: the list now shows the labels there are.';
    }
    return problemMessage(error);
  }
  const current = chats.value.get(chatId);
  if (current) put({ ...current, chat: data });
  if (closeProblem.value?.chatId === chatId && data.labels?.length) closeProblem.value = null;
  return null;
};

/**
 * Tells the visitor the agent is typing (never what): at most one update a second per chat, the latest wins;
 * an empty text says they stopped. The server throttles too and never stores it.
 */
const typingState = new Map<string, { last: number; timer: ReturnType<typeof setTimeout> | null; text: string }>();
export const typing = (chatId: string, text: string) => {
  const st = typingState.get(chatId) ?? { last: 0, timer: null, text: '' };
  typingState.set(chatId, st);
  st.text = text;
  const post = () => {
    st.timer = null;
    st.last = Date.now();
    void api.POST('/api/v1/chats/{id}/typing', { params: { path: { id: chatId } }, body: { text: st.text } });
  };
  if (st.timer) return;
  const wait = 1000 - (Date.now() - st.last);
  if (wait <= 0 || text === '') post();
  else st.timer = setTimeout(post, wait);
};

/**
 * A reply is being sent: the server clears the visitor's "typing" indicator with it, so an update still waiting
 * for its turn (the agent typed and pressed Enter within the second) must not set it again afterwards.
 */
const typingDone = (chatId: string) => {
  const st = typingState.get(chatId);
  if (st?.timer) clearTimeout(st.timer);
  typingState.delete(chatId);
};

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Posts a reply (`messages`) or a note for the team (`notes`). It carries a key fixed before the first try, so a
 * try whose answer was lost (a dropped connection, a 503 while the database restarts) is sent again without ever
 * being stored twice. Answers the stored event, or why it was not stored.
 */
const postText = async (
  kind: 'messages' | 'notes',
  chatId: string,
  text: string,
): Promise<{ readonly event: ChatEvent | null; readonly problem: string | null }> => {
  const clientMessageId = crypto.randomUUID();
  const request = { params: { path: { id: chatId } }, body: { text, clientMessageId } };
  let failure: unknown = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await pause(500 * 2 ** attempt);
    try {
      const { data, error, response } =
        kind === 'notes' ? await api.POST('/api/v1/chats/{id}/notes', request) : await api.POST('/api/v1/chats/{id}/messages', request);
      if (!error) return { event: data as ChatEvent, problem: null };
      failure = error;
      if (response.status !== 503) break; // a refusal does not change by trying again
    } catch (e) {
      failure = e; // the network: try again with the same key
    }
  }
  const what = kind === 'notes' ? 'The note could not be added.' : 'The reply could not be sent.';
  return { event: null, problem: problemMessage(failure, `${what} Check your connection and try again.`) };
};

/** Sends a reply; answers why it was not sent, or null. Its event comes back on the agent stream. */
export const sendMessage = async (chatId: string, text: string): Promise<string | null> => {
  typingDone(chatId);
  return (await postText('messages', chatId, text)).problem;
};

/**
 * Adds a note for the team to a chat. A chat in the inbox shows it at once (the stream, which brings it too, is
 * not following a chat that has ended); the history shows the event it answers.
 */
export const addNote = async (chatId: string, text: string) => {
  const answer = await postText('notes', chatId, text);
  if (answer.event && chats.value.has(chatId)) receive(answer.event);
  return answer;
};

/**
 * The chat whose closing waits for the agent's word, as nobody has answered its visitor yet, and the element that had
 * the focus when they asked to close it (given back on Cancel, and before the close, so the focus goes where a close
 * at once would take it).
 */
export const closingAsked = signal<{ readonly chatId: string; readonly from: HTMLElement | null } | null>(null);

/**
 * Closes the chat (Close chat, Alt+X) at once when someone has answered its visitor; else asks first (see
 * {@link closingAsked}): a visitor nobody answered would be left without a word.
 */
export const askToClose = (chatId: string) => {
  const c = chats.value.get(chatId);
  if (!c || c.ended) return;
  if (answered(c)) return void closeChat(chatId);
  closingAsked.value = { chatId, from: document.activeElement instanceof HTMLElement ? document.activeElement : null };
};

/** Closes the chat; a refusal is kept in `closeProblem`, so the button and Alt+X show it alike. */
export const closeChat = async (chatId: string) => {
  const { error } = await api.POST('/api/v1/chats/{id}/close', { params: { path: { id: chatId } } });
  closeProblem.value = error ? { chatId, code: (error as { code?: string }).code ?? null, message: problemMessage(error) } : null;
};
