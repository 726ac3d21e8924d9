import type { AnonymousMonitorView, MonitorView } from '../model/monitor.js';

/**
 * Anonymization of the monitor for share links, built on an explicit allow-list: a field is kept only
 * when the list names it, so a field added to {@link MonitorView} later is removed until someone decides
 * otherwise.
 *
 * Removed: every visitor detail except the country code — name, email, city, region, country name,
 * language, browser, OS, page URL, custom variables — the visitor's message (`question`) and the
 * transcript link. Kept: widget ids and names, chat ids (opaque, they open nothing without a login),
 * queue and chat times, the visitor's country code (country level is what the big screen's map needs and
 * points at nobody), and the agents (staff, not visitors): id, name, status, since, open chats.
 */

/**
 * Which fields of `T` to keep: `true` keeps the value whole; an object names the fields to keep of a
 * nested object (applied to each element of an array). Fields not named are removed.
 */
export type AllowList<T> = T extends readonly (infer U)[]
  ? AllowList<U>
  : T extends object
    ? { readonly [K in keyof T]?: true | AllowList<NonNullable<T[K]>> }
    : never;

/** The type of what {@link keepOnly} returns for a value of type `T` and an allow-list `S`. */
export type Kept<T, S> = S extends true
  ? T
  : T extends readonly (infer U)[]
    ? readonly Kept<U, S>[]
    : T extends object
      ? { readonly [K in keyof T & keyof S]: Kept<T[K], S[K]> }
      : T;

/** What a share link keeps of the monitor. Everything else is removed. */
export const MONITOR_ALLOW_LIST = {
  generatedAt: true,
  widgets: {
    id: true,
    name: true,
    queue: { chatId: true, queuedAt: true, waitingSeconds: true, visitor: { countryCode: true } },
    active: {
      chatId: true,
      agentId: true,
      agentName: true,
      assignedAt: true,
      durationSeconds: true,
      visitor: { countryCode: true },
    },
    agents: { userId: true, name: true, status: true, since: true, activeChats: true },
    stats: { queued: true, active: true, online: true, paused: true, offline: true, longestWaitSeconds: true, availableSlots: true },
  },
} as const satisfies AllowList<MonitorView>;

// The declared anonymous types and what the allow-list keeps must be the same, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<Kept<MonitorView, typeof MONITOR_ALLOW_LIST>, AnonymousMonitorView> = true;
void sameShape;

const own = (o: object, k: string): boolean => Object.hasOwn(o, k);

/**
 * A copy of `value` with only the fields `spec` names (see {@link AllowList}). Values kept whole are
 * deep-copied, so the result shares nothing with the input.
 */
export const keepOnly = (value: unknown, spec: true | Readonly<Record<string, unknown>>): unknown => {
  if (spec === true) return value === undefined ? undefined : structuredClone(value);
  if (Array.isArray(value)) return value.map((v) => keepOnly(v, spec));
  if (value === null || typeof value !== 'object') return value === undefined ? undefined : null;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(spec)) {
    if (!own(value, key)) continue;
    out[key] = keepOnly((value as Record<string, unknown>)[key], spec[key] as true | Readonly<Record<string, unknown>>);
  }
  return out;
};

/** The monitor as a share link shows it: only what {@link MONITOR_ALLOW_LIST} names. Pure. */
export const anonymize = (view: MonitorView): AnonymousMonitorView => keepOnly(view, MONITOR_ALLOW_LIST) as AnonymousMonitorView;
