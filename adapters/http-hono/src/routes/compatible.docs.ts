/**
 * The OpenAPI descriptions of the compatible API routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

/** How the compatible APIs are authorized, opening each of their descriptions. */
export const tokenRoutesNote = [
  'Authorize with an account API token: `Authorization: <token>` (as the commercial service’s APIs take it) or `Authorization: Bearer',
  '<token>`. A token of another account gets 403. Limited per client address (`PARLEY_LIMIT_COMPATIBLE_API`; 429 `rate_limited` with',
  'Retry-After).',
].join(' ');

export const postAccountApiTokens = [
  'The token (256 random bits) is in the answer once, as `secret`; only its SHA-256 is stored. Sent as `Authorization: Bearer <secret>`',
  'it reads `/api/v1` (GET, HEAD) with a supervisor’s rights; other methods get 403 `token_scope`. It also authorizes the compatible',
  'APIs of this account (`/api/v2/{accountId}/logs`, `/api/v2/{accountId}/agent/status`), their writes with scope `full` only.',
  'After `expiresAt` it gets 401 `token_expired`. Audited as `api_token.created` (type `security`), the secret redacted.',
].join(' ');

export const getLogs = [
  `${tokenRoutesNote} Each case has the fields of the Open API integration’s support-request payload (snake_case, see the \`LogsCase\``,
  `schema) plus \`created_at_date\` (epoch milliseconds), \`source_id\` (1 offline request, 2 chat) and \`date_submitted\` on each`,
  `transcript item. Newest first; follow \`linkToNextSetOfResults\` (or pass \`next\`) until it is null: every case comes once. \`start\``,
  `and \`end\` are dates (read in \`timezone\`, default UTC; \`end\` includes its whole day) or ISO 8601 date-times with an offset. Bad`,
  `dates, an unknown zone or an end before the start get 400 \`validation_failed\`.`,
].join(' ');

export const putAgentStatus = [
  `${tokenRoutesNote} Works as a supervisor setting the status: routing takes it at once (going online takes queued chats), and the audit`,
  `records \`agent.status_set\` with the token as the actor (\`actor.kind: api_token\`). A status without \`reason\` clears the reason.`,
].join(' ');

export const getChatOne = [
  'The commercial service’s Visitor Chat API shape of GET /api/v1/widgets/{id}/availability (`widgetId` is the widget’s id): `online`,',
  '`emailRequired`, `messageRequired`, `screenshotRequired` (always false)… Answers any origin (CORS), never cached; limited per client',
  'address like the availability (`PARLEY_LIMIT_WIDGET_READS`); a page of a site the widget does not allow gets 403 `origin_not_allowed`.',
  'An address the widget blocks (`blockedVisitors`) is answered `online: false` with `offlineFormEnabled: false`, as its widget shows it nothing.',
].join(' ');
