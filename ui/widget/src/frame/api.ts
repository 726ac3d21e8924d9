/** The frame's one client of Parley's visitor API (same origin as the frame). */

export type Availability = {
  readonly widgetId: string;
  readonly available: boolean;
  readonly mode: 'available' | 'busy' | 'offline';
  readonly queued: number;
};
export type AskField = 'off' | 'optional' | 'required';

/** An invitation the widget shows by itself (`planInvitation` judges when). */
export interface ProactiveRule {
  readonly id: string;
  readonly message: string;
  readonly delaySeconds: number;
  readonly minPagesViewed: number;
  readonly urlPattern: string | null;
  readonly referrerPattern: string | null;
  readonly onlyWhenAgentsOnline: boolean;
}

/** `GET /api/v1/widgets/:id/config`: what the widget shows; nothing secret. */
export interface WidgetConfig {
  readonly id: string;
  readonly name: string;
  readonly greeting: string;
  readonly language: string;
  readonly appearance: { readonly color: string; readonly position: 'left' | 'right'; readonly launcherText: string };
  readonly preChat: { readonly askName: AskField; readonly askEmail: AskField };
  readonly offlineForm: { readonly enabled: boolean; readonly alwaysOffline: boolean };
  readonly proactiveRules: readonly ProactiveRule[];
  readonly availability: Availability;
}

export interface ChatStart {
  readonly name?: string;
  readonly email?: string;
  readonly message: string;
  readonly pageUrl?: string;
  readonly referrerUrl?: string;
  readonly language?: string;
  readonly customVariables?: Readonly<Record<string, string>>;
  /** The visitor answers a proactive invitation. */
  readonly proactive?: boolean;
}

export interface StartedChat {
  readonly chatId: string;
  readonly visitorToken: string;
  readonly status: 'queued' | 'active' | 'offline';
  readonly kind: 'chat' | 'offline';
  readonly queue: { readonly position: number; readonly estimatedWaitSeconds: number | null } | null;
}

/** A stored chat event as the stream and the message route give it. */
export interface ChatEvent {
  readonly seq: number;
  readonly type: string;
  readonly at: string;
  readonly author: { readonly kind: 'visitor' | 'agent' | 'system'; readonly alias: string } | null;
  readonly text: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

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
  ['post', '/api/v1/chats/{id}/close'],
  ['post', '/api/v1/chats/{id}/survey'],
  ['get', '/api/v1/chats/{id}/events'],
  ['post', '/api/v1/chats/{id}/transcript'],
] as const;

export const api = {
  config: (widgetId: string) => request<WidgetConfig>('GET', `/api/v1/widgets/${enc(widgetId)}/config`),
  availability: (widgetId: string) => request<Availability>('GET', `/api/v1/widgets/${enc(widgetId)}/availability`),
  start: (widgetId: string, input: ChatStart) => request<StartedChat>('POST', `/api/v1/widgets/${enc(widgetId)}/chats`, input),
  /** `clientMessageId` makes a retry of the same message idempotent: the server stores it once. */
  send: (chatId: string, token: string, text: string, clientMessageId: string) =>
    request<ChatEvent>('POST', `/api/v1/chats/${enc(chatId)}/messages`, { text, clientMessageId }, token),
  typing: (chatId: string, token: string, text: string) => request<null>('POST', `/api/v1/chats/${enc(chatId)}/typing`, { text }, token),
  close: (chatId: string, token: string) =>
    request<{ chatId: string; status: string }>('POST', `/api/v1/chats/${enc(chatId)}/close`, undefined, token),
  /** Mails the chat's transcript to `email`, or without one to the address the visitor started with. */
  transcript: (chatId: string, token: string, email?: string) =>
    request<{ email: string }>('POST', `/api/v1/chats/${enc(chatId)}/transcript`, email ? { email } : {}, token),
  /** The visitor's rating of the ended chat: 1 to 5 and an optional comment. */
  survey: (chatId: string, token: string, score: number, comment: string) =>
    request<{ chatId: string }>('POST', `/api/v1/chats/${enc(chatId)}/survey`, comment ? { score, comment } : { score }, token),
  /** The chat's event stream; `after` resumes after that seq. */
  eventsUrl: (chatId: string, token: string, after: number) =>
    `/api/v1/chats/${enc(chatId)}/events?token=${enc(token)}${after > 0 ? `&lastEventId=${after}` : ''}`,
};
