/**
 * The OpenAPI descriptions of the agent routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

export const putAgentsMeStatus = [
  'Going online gives you the oldest queued chats of your widgets at once, up to your maximum (your own, set by an admin, else each',
  'widget’s). `reason` (at most 40 characters, e.g. `lunch`) is shown on the monitor and sent with `agent.status_changed`; leaving it out',
  'clears it.',
].join(' ');

export const putAgentsStatus = [
  'Like `PUT /agents/me/status`, for a user of the account. Audited (`agent.status_set`, type `agent`: who changed whose status and',
  'reason, from → to); the `agent.status` event and the integrations’ `agent.status_changed` name who did it (`by`, `changed_by`). Setting',
  'the same status and reason changes nothing.',
].join(' ');

export const getWidgetsColleagues = [
  '`freeSlots` is the widget’s `maxConcurrentChats` minus their open chats for an online agent, 0 otherwise (a transfer needs at least 1).',
  'Sorted by free slots, then name. Agents see the widgets they serve; supervisors and up, every widget. Deactivated users are left out.',
].join(' ');

export const getAgentsMeEvents = [
  'Every event of every chat assigned to you: on connect, the whole history of each open chat, then live events (assignments and transfers',
  'to you start a chat, with its history; close, abandonment and a transfer away end it). The visitor’s draft arrives as `chat.typing` (no',
  'id; empty text when cleared). Each stored event’s id is an opaque cursor (each chat’s last seq and the time of the newest event sent;',
  '`0` for none; the older form `<chatId>:<seq>,...,~<ms>` is still read): reconnecting with it (`Last-Event-ID` or `?lastEventId=`) resumes each chat after its seq, sends',
  'chats assigned meanwhile from their start, finishes chats that left you meanwhile, and sends whole the chats that were assigned to you',
  'and closed while you were away; a malformed cursor counts as none. When the hosts’ shared event bus (Redis) was away, the stream',
  'catches up the same way once it is back, each event still once. Once what the connection had to replay is sent, `stream.ready` (no id,',
  '`{}`) says that what follows is live: a client that sounds or notifies for new messages waits for it. Your status changes arrive as',
  '`agent.status` (no id), and an ended chat of yours that an owner or admin deleted as `chat.deleted` (no id, `{chatId, widgetId}`). While none of',
  'your streams is open for the grace period (`ChatConfig.agentAwayGraceMs`, 120 s by default), an online or paused status becomes offline',
  '(`reason: "disconnected"`). The stream ends with an `end` event (`session_ended`, `session_expired`) when your session does.',
  'Authenticate with the bearer token, the session cookie, or `?token=`.',
].join(' ');
