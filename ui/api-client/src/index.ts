/**
 * The typed client of the Parley HTTP API for the browser apps (console, widget): `paths` and `components`
 * are generated from the server's own OpenAPI document, so a route or field the server does not serve is a
 * compile error here. Built on openapi-fetch (a few KB, no runtime schema).
 *
 * @example
 * const api = createApiClient();
 * const { data, error } = await api.GET('/api/v1/me');
 *
 * @module
 */
import createFetchClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi.js';

export type { components, paths } from './openapi.js';

/** The response and component schemas by name (`Schemas['Chat']`). */
export type Schemas = components['schemas'];

/** An RFC 9457 problem as the server answers it (`code` is stable). */
export type Problem = Schemas['Problem'];

export type ApiClient = Client<paths>;

/**
 * A client for the server at `baseUrl` (default: this page's origin). Cookies go with every request, so a
 * signed-in browser needs no token in JavaScript.
 */
export const createApiClient = (baseUrl = ''): ApiClient => createFetchClient<paths>({ baseUrl, credentials: 'same-origin' });

/** The problem's own words when the server sent one, else a generic line. */
export const problemMessage = (error: unknown, fallback = 'Something went wrong. Try again.'): string => {
  const p = error as Partial<Problem> | null | undefined;
  if (p && typeof p === 'object') {
    const first = p.errors?.[0]?.message;
    return first ?? p.detail ?? p.title ?? fallback;
  }
  return fallback;
};
