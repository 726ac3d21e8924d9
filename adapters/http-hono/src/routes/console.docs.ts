/**
 * The OpenAPI descriptions of the console (canned responses, labels) routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

export const getCannedResponses = [
  '`q` finds text in the shortcut, title or text without regard to case; `widgetId` keeps what that widget’s chats can use (its own',
  'responses and the account-wide ones).',
].join(' ');

export const putChatsLabels = [
  'Replaces the chat’s labels with `labelIds` (ids of the account’s labels; at most 20). Stored as a `chat.labeled` event with the ids',
  '`before` and `after`, which open streams get and reconnecting ones replay, and pushed to integrations as `conversation.labeled`. Closed',
  'chats can be labeled too. The same set again changes nothing. `If-Match` takes the chat’s `version`.',
].join(' ');
