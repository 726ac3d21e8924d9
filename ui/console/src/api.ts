import { createApiClient } from '@parley/api-client';

/** The one API client of the console: same origin, session cookie. */
export const api = createApiClient();
