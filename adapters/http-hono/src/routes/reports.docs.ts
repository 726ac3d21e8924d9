/**
 * The OpenAPI descriptions of the report routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

export const getReportsChats = [
  'Computed from the timestamps chats store, for the local days `from`..`to` (both included) in `timeZone`.',
  'Wait: queue to an agent taking the chat; first response: the visitor’s first message to the agent’s first reply;',
  'duration: taken to ended. Averages and 90th percentiles in seconds. Supervisors, admins and owners.',
].join(' ');
