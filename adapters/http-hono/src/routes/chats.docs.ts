/**
 * The OpenAPI descriptions of the chat routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

export const getWidgetsAvailability = [
  '`mode` is `offline` (show the offline form) when nobody of the widget is online or paused, the widget always shows the form, it is',
  'outside its business hours (`outsideBusinessHours: true`), or its queue holds `maxQueueSize` chats and nobody can take another',
  '(`queueFull: true`). Limited per client address (`PARLEY_LIMIT_WIDGET_READS`).',
].join(' ');

export const getWidgetsConfig = [
  'Nothing secret. `availability` is what GET /api/v1/widgets/{id}/availability answers; `visitorBlocked` says whether the widget blocks',
  'the address asking (its `blockedVisitors`), whose widget then shows nothing; `transcriptByMail` false says that this server sends no',
  'e-mail, so the widget offers no transcript. Answers any origin (CORS), never cached; a page',
  'of a site the widget does not list in `allowedOrigins` gets 403 `origin_not_allowed`.',
].join(' ');

export const postWidgetsChats = [
  'Answers the chat id, the visitor token (send it as `Authorization: Bearer <visitorToken>`, or `?token=` on the event stream; it grants',
  'access to this one chat only and is shown only here), and the status: `active` (an agent has it), `queued` (with the place in the',
  'queue), or `offline` (an offline request: `email` is then required). Limited per client address (`PARLEY_LIMIT_CHAT_STARTS`): more is a',
  '429 and starts nothing.',
].join(' ');

export const getChatsEvents = [
  'Each stored event has `id: <seq>`; reconnect with `Last-Event-ID` (EventSource does it) or `?lastEventId=` to get what was missed, in',
  'order, without duplicates; an open stream also catches up by itself when the hosts’ shared event bus (Redis) comes back after an',
  'outage. A visitor is shown what happened to their chat by name only: no `chat.note`, `chat.page`, `chat.visitor_left`, `chat.visitor_back`, `chat.labeled` or `chat.handled` events (their seq is',
  'skipped), no users’ ids (an agent’s message has `author.userId` null), an assignment or transfer with `agentName` (and',
  '`toWidgetId`, `widgetName`), a close with `by`. A user who may read the chat gets every event whole. While queued, `chat.queue`',
  'events (no id) give the place and estimated wait. Comment lines every ~15 s keep the connection alive. Authenticate with',
  '`Authorization: Bearer <token>` or `?token=` (EventSource cannot set headers). A visitor whose stream of a queued chat stays',
  'closed past the grace period (`PARLEY_ABANDON_GRACE_SECONDS`) is marked abandoned. A signed-in user’s stream ends',
  'with their session, after an `end` event (`session_ended`, `session_expired`). A visitor may hold a few streams of their chat open at',
  'once (`PARLEY_LIMIT_VISITOR_STREAMS`); one more is a 429.',
].join(' ');

export const postChatsMessages = [
  "Safe to send again: give each message a key of the client's own, `clientMessageId` in the body or the `Idempotency-Key` header (8 to",
  '64 letters, digits, `_` or `-`; the widget and the console send one with every message), unique per chat. Sending it again — after a',
  'timeout or a lost connection, even after the chat ended — answers 201 with the event stored the first time (same `id` and `seq`) and',
  'stores nothing; the same key with another text, or from another sender, is a 422 `idempotency_key_reused`. The event carries its',
  '`clientMessageId`, so a client can match its own messages on the stream. Limited per client address (`PARLEY_LIMIT_CHAT_WRITES`) and,',
  'for the visitor, per chat (`PARLEY_LIMIT_CHAT_WRITES_PER_CHAT`); drafts and closes share the allowance.',
].join(' ');

export const postChatsNotes = [
  'A note is for the team: it is stored in the transcript as a `chat.note` event (with the author’s name as `author.alias`) and reaches the',
  'streams of the users following the chat, never the visitor: not their stream, their mailed transcript, or the transcripts the',
  'integrations and the logs API send. Anyone who may read the chat writes one, whatever its state (a wrap-up after the close, a call back',
  'on an offline request); the chat’s first response time does not move. Safe to send again with a `clientMessageId` or `Idempotency-Key`,',
  'as messages are. Limited per client address like messages, with which it shares the allowance.',
].join(' ');

export const postChatsPages = [
  'Stored as a `chat.page` event `{url}`, which the streams of the users following the chat carry (the console shows the page the',
  'visitor is on now, and the transcript where they went) and the visitor’s own stream leaves out, as do the mailed transcript and the',
  'integrations. The page the visitor is known to be on already (the last one recorded, else the one the chat started on) adds nothing, as after a reload. Limited like messages,',
  'with which it shares the allowance.',
].join(' ');

export const deleteChatsOne = [
  'Deletes an ended chat or offline request for good, as a visitor’s request to be forgotten asks: its messages, notes, page views, the',
  'visitor’s details and its search entries go, and its visitor token opens nothing more. Owners and admins only (not API tokens). The',
  'audit log records `chat.deleted` (the chat’s kind, status and start; never who the visitor was), which cannot be reverted. A chat',
  'still queued or open is refused with 409 `chat_open`: end it first. Reports keep the figures of days they have already settled. The',
  'account’s `chatRetentionDays` deletes ended chats the same way once they are that old.',
].join(' ');

export const postChatsForgetVisitor = [
  'A visitor asks to be forgotten: deletes every ended chat and offline request of theirs, found by their e-mail address (the very',
  'address, whatever its case) and by their browser’s key (`visitor.key`, which the console shows), each as `DELETE /chats/{id}` does,',
  'with a `chat.deleted` audit entry each. Give `email`, `visitorKey` or both. Chats still queued or open are left and counted in',
  '`open`: end them and ask again. Owners and admins only (not API tokens).',
].join(' ');

export const postChatsExportVisitor = [
  'A visitor asks to see what is stored of them: every chat and offline request of theirs (queued and open ones too), found as',
  '`forget-visitor` finds them, by their very e-mail address and by their browser’s key, oldest first, each as the Logs API’s case: the',
  'details they gave, their place, browser and pages, the agent, labels, rating and the transcript without the team’s notes, with the',
  'pages of the site they opened during it (`pages_viewed`). Answered',
  'as a JSON file (`Content-Disposition: attachment`) to hand to them. Owners and admins only (not API tokens). The audit log records',
  '`visitor.exported` with how many chats went out, never who the visitor is.',
].join(' ');

export const postChatsBlockVisitor = [
  'For abuse and spam: the visitor’s IP address joins the chat’s widget’s `blockedVisitors`, and the chat closes if it is open (whatever',
  'labels the widget asks for), in one transaction. The widget change is in the audit log as this user’s (`widget.updated`, the list',
  'before and after), so owners and admins see who blocked whom and can revert it, or edit the list (addresses, wildcards, CIDR ranges)',
  'with the widget. From then on a visitor from that address starting a chat or leaving an offline request on the widget gets 403',
  '`visitor_blocked` (“Chat is not available to you here.”), which tells them nothing more. The chat’s agent, supervisors, admins and',
  'owners may block, an ended chat’s visitor too; blocking an address already blocked changes nothing.',
].join(' ');

export const postChatsTyping = [
  'Throttled per chat (latest wins), never stored. The visitor’s `text` reaches the agent’s stream as `chat.typing`. The assigned agent’s',
  'reaches the visitor’s stream as `chat.agent_typing` `{typing, alias}`, never the text: `typing` is false for an empty text, and a',
  '`typing: false` follows when the agent’s message is sent or the chat ends or is transferred. Limited like messages, with which it',
  'shares the allowance.',
].join(' ');

export const postChatsClose = [
  'When the chat’s widget has `requireLabelToClose`, a user closing a chat without a label gets 409 `label_required` (the visitor is never',
  'refused for it).',
].join(' ');

export const postChatsTranscript = [
  'To `email`, or the address the visitor gave when starting. The mail holds the messages with the agents’ aliases and times in the',
  'visitor’s time zone when known (UTC otherwise), and the page the chat started on, in the visitor’s language (else the widget’s).',
  'Limited per chat (`PARLEY_LIMIT_TRANSCRIPT_MAILS_PER_CHAT`, 3 a day) and per client address (`PARLEY_LIMIT_TRANSCRIPT_MAILS`, 5 an',
  'hour). Sent through the outbox (retried; see the widget’s deliveries).',
].join(' ');

export const postChatsSurvey = [
  'Only for a chat an agent took and that has ended (`closed`): an open chat, an offline request or an abandoned chat is a 409',
  '`not_surveyable`. Once per chat: a second answer is a 409 `survey_taken` and changes nothing (the first stands). `comment` (at most',
  '2000 characters) keeps its line breaks; other control characters go and the ends are trimmed, and nothing visible means none. Stored',
  'with the chat (`survey`) and as a `chat.surveyed` event on the chat’s streams; integrations get `conversation.surveyed`. Limited like',
  'messages, with which it shares the allowance.',
].join(' ');

export const putChatsHandled = [
  'Sets `handledAt`/`handledBy` (or clears them for `handled: false`). The same state again answers 200 and changes nothing. A change',
  'is stored as a `chat.handled` event `{handled, byUserId}`, which the agent streams of the widget’s agents carry, so every console',
  'shows it at once. A live chat is a 409 `not_offline_request`. `GET /api/v1/chats?handled=false` lists the offline requests still to',
  'handle.',
].join(' ');
