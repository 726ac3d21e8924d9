/**
 * The pure side of the Widgets admin screen: which view the address names, what a draft changed against the
 * saved widget (only that is sent), the opening hours as text, which field a problem's JSON Pointer is about, and
 * how a widget's availability reads.
 */
import { BACKGROUNDS, contrast } from '@parley/design/contrast';
import type { Schemas } from '@parley/api-client';

export type Widget = Schemas['Widget'];
/** The server answers every setting; the generated type marks them optional because a patch may leave them out. */
export type WidgetSettings = Required<Widget['settings']>;
export type ProactiveRule = Schemas['ProactiveRule'];

/** The edit view's tabs, in order: `/app/admin/widgets/<id>/<tab>`. */
export const WIDGET_TABS = [
  { id: 'general', title: 'General' },
  { id: 'routing', title: 'Routing & queue' },
  { id: 'hours', title: 'Business hours' },
  { id: 'forms', title: 'Forms & mail' },
  { id: 'appearance', title: 'Appearance' },
  { id: 'origins', title: 'Sites & visitors' },
  { id: 'proactive', title: 'Invitations' },
  { id: 'agents', title: 'Agents' },
  { id: 'install', title: 'Install' },
] as const;
export type WidgetTab = (typeof WIDGET_TABS)[number]['id'];

/** Which tab edits each setting (the name is on General). */
const TAB_OF_SETTING: Readonly<Record<string, WidgetTab>> = {
  greeting: 'general',
  language: 'general',
  maxConcurrentChats: 'routing',
  maxQueueSize: 'routing',
  requireLabelToClose: 'routing',
  closeInactiveAfterMinutes: 'routing',
  businessHours: 'hours',
  preChat: 'forms',
  offlineForm: 'forms',
  notifyEmails: 'forms',
  transcriptToTeam: 'forms',
  appearance: 'appearance',
  allowedOrigins: 'origins',
  blockedVisitors: 'origins',
  proactiveRules: 'proactive',
};

/** The tabs that hold a field with one of `errors` (by its JSON Pointer). */
export const tabsOfErrors = (errors: readonly { readonly path?: string }[]): ReadonlySet<WidgetTab> => {
  const tabs = new Set<WidgetTab>();
  for (const e of errors) {
    const [, top, key] = (e.path ?? '').split('/');
    const tab = top === 'name' ? 'general' : top === 'settings' && key ? TAB_OF_SETTING[key] : undefined;
    if (tab) tabs.add(tab);
  }
  return tabs;
};

/**
 * What the line by the Save button says of a refused save with field errors: where they are, since a save covers
 * every tab and the one in view may show none of them (“Fix the fields marked in General and Appearance.”).
 */
export const errorsSummary = (errors: readonly { readonly path?: string }[]): string | null => {
  const tabs = tabsOfErrors(errors);
  if (tabs.size === 0) return null;
  const titles = WIDGET_TABS.filter((t) => tabs.has(t.id)).map((t) => t.title);
  const list = titles.length === 1 ? titles[0] : `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}`;
  return `Fix the fields marked in ${list}.`;
};

export type WidgetView = { readonly view: 'list' } | { readonly view: 'edit'; readonly id: string; readonly tab: WidgetTab };

/** The view the rest of the address names: none → the list; `<id>[/<tab>]` → that widget (an unknown tab is the first). */
export const widgetViewOf = (rest: readonly string[]): WidgetView => {
  const [id, tab] = rest;
  if (!id) return { view: 'list' };
  const known = WIDGET_TABS.find((t) => t.id === tab);
  return { view: 'edit', id, tab: known ? known.id : 'general' };
};

export const widgetHref = (id: string, tab: WidgetTab = 'general') =>
  `/app/admin/widgets/${encodeURIComponent(id)}${tab === 'general' ? '' : `/${tab}`}`;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface WidgetDraft {
  readonly name: string;
  readonly settings: WidgetSettings;
}

/** The PATCH body that turns `saved` into `draft`: the name if it changed, and each setting that changed; null when nothing did. */
export const widgetPatchOf = (saved: WidgetDraft, draft: WidgetDraft): { name?: string; settings?: Partial<WidgetSettings> } | null => {
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(draft.settings) as (keyof WidgetSettings)[])
    if (!same(saved.settings[key], draft.settings[key])) settings[key] = draft.settings[key];
  const patch: { name?: string; settings?: Partial<WidgetSettings> } = {};
  if (saved.name !== draft.name) patch.name = draft.name;
  if (Object.keys(settings).length > 0) patch.settings = settings as Partial<WidgetSettings>;
  return Object.keys(patch).length > 0 ? patch : null;
};

/** Lines of a text area, trimmed, blanks dropped (allowed origins, notification addresses, holidays). */
export const linesOf = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

type Interval = { from: string; to: string };
const INTERVAL = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/;
const pad = (t: string) => (t.length === 4 ? `0${t}` : t);

/** A day's opening intervals as text: `09:00-12:00, 13:00-17:00`; empty: closed. */
export const intervalsText = (list: readonly Interval[] | undefined): string => (list ?? []).map((i) => `${i.from}-${i.to}`).join(', ');

/** Reads `09:00-12:00, 13:00-17:00` (blank: closed); a part that is not `HH:MM-HH:MM` is named in `error`. */
export const parseIntervals = (text: string): { intervals: Interval[] } | { error: string } => {
  const intervals: Interval[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const m = INTERVAL.exec(part);
    if (!m) return { error: `“${part}” is not a time range like 09:00-17:00.` };
    const from = pad(m[1] ?? '');
    const to = pad(m[2] ?? '');
    // A night shift: each day holds its own part of it, up to 24:00 and from 00:00.
    if (to < from && to !== '00:00')
      return { error: `“${part}” goes past midnight: write ${from}-24:00 here, and 00:00-${to} on the next day.` };
    intervals.push({ from, to: to === '00:00' && from !== '00:00' ? '24:00' : to });
  }
  return { intervals };
};

interface PointedError {
  readonly path?: string;
  readonly message: string;
}

/** The whole-number settings a form may leave blank (a number field emptied holds NaN), with their ranges. */
const NUMBER_SETTINGS = ['maxConcurrentChats', 'maxQueueSize', 'closeInactiveAfterMinutes'] as const;

/**
 * A number field left blank, said under it before anything is sent: a blank one would go out as null, which
 * means "no limit" (or "never close"), the opposite of what the admin who unticked that box asked for.
 */
export const blankNumbers = (
  settings: Pick<WidgetSettings, (typeof NUMBER_SETTINGS)[number]>,
  ranges: Readonly<Record<(typeof NUMBER_SETTINGS)[number], { readonly min: number; readonly max: number }>>,
): PointedError[] =>
  NUMBER_SETTINGS.filter((k) => Number.isNaN(settings[k])).map((k) => ({
    path: `/settings/${k}`,
    message: `Enter a number from ${ranges[k].min} to ${ranges[k].max}.`,
  }));

/** The errors left once the field at `pointer` (or inside it) has been edited: its own are no longer about it. */
export const withoutErrorsAt = <E extends PointedError>(errors: readonly E[], pointer: string): readonly E[] =>
  errors.filter((e) => e.path !== pointer && !e.path?.startsWith(`${pointer}/`));

/**
 * What the problems whose JSON Pointer is `pointer` or inside it say, all of them (`/settings/allowedOrigins` takes
 * `/settings/allowedOrigins/1` and `/3`): a list's field says every bad entry at once, not the first one per save.
 * With `items` (the list sent), an entry's message names it when it does not already: `“example.org”: Not an origin.`
 */
export const errorAt = (errors: readonly PointedError[], pointer: string, items?: readonly string[]): string | null => {
  const found = errors.filter((e) => e.path === pointer || e.path?.startsWith(`${pointer}/`));
  if (found.length === 0) return null;
  return found
    .map((e) => {
      const index = e.path?.slice(pointer.length + 1).split('/')[0];
      const item = index && /^\d+$/.test(index) ? items?.[Number(index)] : undefined;
      return item !== undefined && !e.message.includes(item) ? `“${item}”: ${e.message}` : e.message;
    })
    .join(' ');
};

/** A warning when the accent colour stands out less than 3:1 from a light or a dark page (the button would be hard to see). */
export const colorWarning = (color: string): string | null => {
  if (!/^#[0-9a-f]{6}$/i.test(color)) return null;
  const light = contrast(color, BACKGROUNDS.light);
  const dark = contrast(color, BACKGROUNDS.dark);
  const worst = Math.min(light, dark);
  if (worst >= 3) return null;
  const page = light < dark ? 'light' : 'dark';
  const ratio = worst.toFixed(2);
  const line = `Low contrast: this colour stands out only ${ratio}:1 from a ${page} page (3:1 is the minimum).`;
  return `${line} Visitors may miss the chat button.`;
};

/** A new proactive rule with an id no other rule has. */
export const newRule = (rules: readonly ProactiveRule[]): ProactiveRule => {
  let n = rules.length + 1;
  while (rules.some((r) => r.id === `rule-${n}`)) n++;
  return {
    id: `rule-${n}`,
    message: '',
    delaySeconds: 30,
    minPagesViewed: 0,
    urlPattern: null,
    referrerPattern: null,
    onlyWhenAgentsOnline: true,
  };
};

/** `list` with the item at `from` moved to `to` (clamped). */
export const moved = <T>(list: readonly T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item === undefined) return next;
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
};

export type Availability = Schemas['WidgetAvailability'];

const AVAILABILITY: Record<Availability['mode'], string> = { available: 'Available', busy: 'Busy (chats queue)', offline: 'Offline' };

/**
 * A widget's availability now, as the screen says it (`undefined`: still asked for; null: could not be read), and
 * for an offline widget why its visitors see the offline form: set so, outside business hours, no agent serving
 * it (a new widget has none), or none of its agents online.
 */
export const availabilityText = (
  a: Availability | null | undefined,
  widget: { readonly agentIds: readonly string[]; readonly settings?: { readonly offlineForm?: { readonly alwaysOffline?: boolean } } },
): string => {
  if (a === undefined) return 'Checking…';
  if (a === null) return 'Unknown';
  const why =
    a.mode !== 'offline'
      ? a.queueFull
        ? ' — queue full'
        : ''
      : widget.settings?.offlineForm?.alwaysOffline
        ? ' — always shows the offline form'
        : a.outsideBusinessHours
          ? ' — outside business hours'
          : widget.agentIds.length === 0
            ? ' — no agent serves it'
            : ' — no agent online';
  return `${AVAILABILITY[a.mode]}${why}${a.queued > 0 ? `, ${a.queued} waiting` : ''}`;
};
