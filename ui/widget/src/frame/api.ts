/**
 * The frame's one client of Parley's visitor API (same origin as the frame). Its types come from the server's
 * own OpenAPI document (`@parley/api-client`, types only: nothing of it reaches the bundle), so a route, field
 * or value the server does not serve is a compile error here.
 */
import type { components, paths } from '@parley/api-client';

type Schemas = components['schemas'];
type Method = 'get' | 'post';
/** A route the document serves, as `[method, path]`. */
type Route = {
  [P in keyof paths]: { [M in Method]: paths[P][M] extends { responses: unknown } ? readonly [M, P] : never }[Method];
}[keyof paths];
/** What a route answers on success (null for 204 No Content). */
type Answer<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R }
  ?
      | { [S in keyof R & Ok]: R[S] extends { content: { 'application/json': infer A } } ? A : never }[keyof R & Ok]
      | (204 extends keyof R ? null : never)
  : never;
type Ok = 200 | 201 | 202;
/** The JSON body a route takes. */
type Body<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;

export type Availability = Schemas['WidgetAvailability'];
/** `GET /api/v1/widgets/:id/config`: what the widget shows; nothing secret. */
export type WidgetConfig = Schemas['WidgetConfig'];
export type AskField = WidgetConfig['preChat']['askName'];
/** An invitation the widget shows by itself (`planInvitation` judges when). */
export type ProactiveRule = Schemas['ProactiveRule'];
/** A visitor's first message, with what the pre-chat form and the page tell. */
export type ChatStart = Body<'/api/v1/widgets/{id}/chats', 'post'>;
export type StartedChat = Schemas['StartedChat'];
/** A stored chat event as the stream and the message route give it. */
export type ChatEvent = Schemas['ChatEvent'];

/** A refused or failed request: `code` from problem+json, `retryAfter` seconds on 429. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly fields: readonly string[] = [],
    readonly retryAfter: number | null = null,
  ) {
    super(`${status} ${code}`);
  }
}

const request = async <T>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (res.ok) return (res.status === 204 ? null : await res.json()) as T;
  const problem = (await res.json().catch(() => ({}))) as { code?: string; errors?: { path?: string }[] };
  const retry = Number(res.headers.get('retry-after'));
  throw new ApiError(
    res.status,
    problem.code ?? 'http_error',
    (problem.errors ?? []).map((d) => String(d.path ?? '').replace(/^\//, '')),
    Number.isFinite(retry) && retry > 0 ? retry : null,
  );
};

const enc = encodeURIComponent;

/** The visitor routes this client calls (`{id}` as in the OpenAPI document). */
export const ROUTES_USED = [
  ['get', '/api/v1/widgets/{id}/config'],
  ['get', '/api/v1/widgets/{id}/availability'],
  ['post', '/api/v1/widgets/{id}/chats'],
  ['post', '/api/v1/chats/{id}/messages'],
  ['post', '/api/v1/chats/{id}/typing'],
  ['post', '/api/v1/chats/{id}/pages'],
  ['post', '/api/v1/chats/{id}/close'],
  ['post', '/api/v1/chats/{id}/survey'],
  ['get', '/api/v1/chats/{id}/events'],
  ['post', '/api/v1/chats/{id}/transcript'],
] as const satisfies readonly Route[];

export const api = {
  config: (widgetId: string) => request<Answer<'/api/v1/widgets/{id}/config', 'get'>>('GET', `/api/v1/widgets/${enc(widgetId)}/config`),
  availability: (widgetId: string) =>
    request<Answer<'/api/v1/widgets/{id}/availability', 'get'>>('GET', `/api/v1/widgets/${enc(widgetId)}/availability`),
  start: (widgetId: string, input: ChatStart) =>
    request<Answer<'/api/v1/widgets/{id}/chats', 'post'>>('POST', `/api/v1/widgets/${enc(widgetId)}/chats`, input),
  /** `clientMessageId` makes a retry of the same message idempotent: the server stores it once. */
  send: (chatId: string, token: string, text: string, clientMessageId: string) =>
    request<Answer<'/api/v1/chats/{id}/messages', 'post'>>(
      'POST',
      `/api/v1/chats/${enc(chatId)}/messages`,
      { text, clientMessageId },
      token,
    ),
  typing: (chatId: string, token: string, text: string) =>
    request<Answer<'/api/v1/chats/{id}/typing', 'post'>>('POST', `/api/v1/chats/${enc(chatId)}/typing`, { text }, token),
  /** The page the visitor opened while the chat goes on: the agent sees where they are. */
  page: (chatId: string, token: string, url: string) =>
    request<Answer<'/api/v1/chats/{id}/pages', 'post'>>('POST', `/api/v1/chats/${enc(chatId)}/pages`, { url }, token),
  close: (chatId: string, token: string) =>
    request<Answer<'/api/v1/chats/{id}/close', 'post'>>('POST', `/api/v1/chats/${enc(chatId)}/close`, undefined, token),
  /** Mails the chat's transcript to `email` (or without one to the address the visitor started with), in `language`. */
  transcript: (chatId: string, token: string, email: string | undefined, language: string) =>
    request<Answer<'/api/v1/chats/{id}/transcript', 'post'>>(
      'POST',
      `/api/v1/chats/${enc(chatId)}/transcript`,
      { ...(email ? { email } : {}), language },
      token,
    ),
  /** The visitor's rating of the ended chat: 1 to 5 and an optional comment. */
  survey: (chatId: string, token: string, score: number, comment: string) =>
    request<Answer<'/api/v1/chats/{id}/survey', 'post'>>(
      'POST',
      `/api/v1/chats/${enc(chatId)}/survey`,
      comment ? { score, comment } : { score },
      token,
    ),
  /** The chat's event stream; `after` resumes after that seq. */
  eventsUrl: (chatId: string, token: string, after: number) =>
    `/api/v1/chats/${enc(chatId)}/events?token=${enc(token)}${after > 0 ? `&lastEventId=${after}` : ''}`,
};
