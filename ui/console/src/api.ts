import { createApiClient, type Schemas } from '@parley/api-client';

/** The one API client of the console: same origin, session cookie. */
export const api = createApiClient();

/** A page of a cursor list, as the API answers it. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | null;
}

/**
 * Every item of a cursor list: `page(cursor)` is asked for the first page, then for each next one until a
 * page has no `nextCursor`. Null when a page could not be read (its error is the caller's to say).
 */
export const allPages = async <T>(page: (cursor: string | undefined) => Promise<Page<T> | undefined>): Promise<T[] | null> => {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    if (!p) return null;
    items.push(...p.items);
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
  return items;
};

/**
 * The query of one page for {@link allPages}: the API's largest page (lists are read in as few requests as
 * it allows; it answers 50 unless asked for more), after `cursor` when there is one.
 */
export const pageQuery = (cursor: string | undefined): { limit: number; cursor?: string } => ({
  limit: 200,
  ...(cursor ? { cursor } : {}),
});

/** Every widget of the account. */
export const allWidgets = (): Promise<Schemas['Widget'][] | null> =>
  allPages((cursor) => api.GET('/api/v1/widgets', { params: { query: pageQuery(cursor) } }).then((r) => r.data));

/** Whether each widget can start a chat now, read together (one request a page, not one a widget). */
export const allWidgetAvailability = (): Promise<Schemas['WidgetAvailability'][] | null> =>
  allPages((cursor) => api.GET('/api/v1/widgets/availability', { params: { query: pageQuery(cursor) } }).then((r) => r.data));

/** Every user of the account. */
export const allUsers = (): Promise<Schemas['User'][] | null> =>
  allPages((cursor) => api.GET('/api/v1/users', { params: { query: pageQuery(cursor) } }).then((r) => r.data));
