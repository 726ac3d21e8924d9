/**
 * The OpenAPI descriptions of the monitor page routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

export const getMonitorSharedPage = [
  'The page itself is the same for every token;',
  'its script reads the token from the address and asks /api/v1/public/monitor/{token}/stream.',
].join(' ');
