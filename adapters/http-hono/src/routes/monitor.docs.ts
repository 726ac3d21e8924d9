/**
 * The OpenAPI descriptions of the monitor routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

/** What a monitor stream sends, opening both streams’ descriptions. */
export const STREAM_DESCRIPTION = [
  'Server-sent events. On connect: a `snapshot` event with the whole view (its `id` names it). Then a fresh `snapshot` after every change',
  '(chats queued, assigned, transferred, closed or abandoned; agents’ status; widgets; users), at most one per account every 250 ms, so a',
  'change reaches every open monitor well within a second. With `?patches=true`, a change comes as a `patch` event instead, whose data is',
  '`{base, ops}`: `ops` is an RFC 6902 JSON Patch that turns the view named `base` (the id of the last event you got) into the one named by',
  'this event’s `id`. A `snapshot` still comes first, when the patch would not be smaller, when your layout changed, and at least once a',
  'minute while the view changes; a client whose view is not `base` should reconnect without `Last-Event-ID`. Comment lines keep the connection alive. On reconnect (EventSource sends',
  '`Last-Event-ID`, or pass `?lastEventId=`) you get a fresh snapshot, or nothing when the id still names the latest one. An `end` event',
  '(`{reason}`: `revoked`, `expired`, `access_changed`, `shutdown`; for a signed-in viewer also `session_ended`, `session_expired` when',
  'their session does) precedes a close by the server.',
].join(' ');

export const getMonitorStream = `${STREAM_DESCRIPTION} Authenticate with the session cookie, a bearer token or \`?token=\`.`;

export const putMonitorLayout = [
  'Every id must be a widget of your account, each once (otherwise 400 with `unknown_widget` or `duplicate` per entry, and nothing is',
  'saved). Not audited: a personal preference. Your open monitors re-order at once.',
].join(' ');

export const postMonitorShareLinks = [
  'For some widgets (`widgetIds`) or all (absent or null, including widgets created later), optionally expiring (`expiresAt`). The token',
  '(256 random bits) is in the answer once; only its SHA-256 is stored. Open it at `url`.',
].join(' ');

export const getPublicMonitorOne = [
  'No visitor names, emails, addresses, cities, messages, custom variables or transcript links: only what the allow-list keeps (see',
  'AnonymousMonitorView). 404 for an unknown, revoked or expired link alike.',
].join(' ');

export const getPublicMonitorStream = [
  `${STREAM_DESCRIPTION} Revoking the link or its expiry ends the stream (\`end\` with \`revoked\` or \`expired\`); reconnecting then gets`,
  `404.`,
].join(' ');
