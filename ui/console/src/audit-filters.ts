import { LOCKED_UNTIL_UNLOCKED } from '@parley/core/limits';
import { dateTime } from './clock.js';
/**
 * The audit screen's filters as they live in the address (`/app/admin/audit?type=security&from=2026-03-01`), so
 * reload and back show the same list, and as the API's query (`GET /api/v1/audit`, `/api/v1/audit/export`). Pure.
 */

/** The audit entry types the filter offers, with their names on screen. */
export const AUDIT_TYPE_LABELS: Readonly<Record<string, string>> = {
  account: 'Account',
  widget: 'Widget',
  permissions: 'Permissions',
  security: 'Security',
  integration: 'Integrations',
  monitor: 'Monitor',
  canned_response: 'Canned responses',
  label: 'Labels',
  agent: 'Agent status',
};

export interface AuditFilters {
  /** First day shown (`YYYY-MM-DD`, the browser's time zone), '' for no bound. */
  readonly from: string;
  /** Last day shown, whole day included; '' for no bound. */
  readonly to: string;
  /** One type of {@link AUDIT_TYPE_LABELS}, '' for all. */
  readonly type: string;
  readonly widgetId: string;
  /** One user's id, '' for anyone. */
  readonly actorId: string;
  /** One kind of actor (`system`: Parley itself, the CLI and timed jobs), '' for any. */
  readonly actorKind: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { from: '', to: '', type: '', widgetId: '', actorId: '', actorKind: '' };

/** The kinds of actor the API filters by. */
const ACTOR_KINDS = new Set(['user', 'system', 'api_token']);

/**
 * The “Who” choice of Parley itself (the CLI, automatic deactivation of inactive users, timed jobs), beside the
 * users: not an id (those never start with `@`), it stands for `actorKind=system`.
 */
export const AUDIT_WHO_SYSTEM = '@system';

/** The “Who” choice the filters stand for: a user's id, {@link AUDIT_WHO_SYSTEM}, or '' for anyone. */
export const auditWhoOf = (f: AuditFilters): string => (f.actorKind === 'system' ? AUDIT_WHO_SYSTEM : f.actorId);

/** The filters a “Who” choice sets: Parley itself by kind, a user by id, both cleared for anyone. */
export const auditWhoFilter = (who: string): Pick<AuditFilters, 'actorId' | 'actorKind'> =>
  who === AUDIT_WHO_SYSTEM ? { actorId: '', actorKind: 'system' } : { actorId: who, actorKind: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters an address's query asks for; anything malformed is left out rather than sent to the server. */
export const auditFiltersOf = (search: string): AuditFilters => {
  const q = new URLSearchParams(search);
  const day = (k: string) => (DAY.test(q.get(k) ?? '') ? q.get(k)! : '');
  const type = q.get('type') ?? '';
  return {
    from: day('from'),
    to: day('to'),
    type: type in AUDIT_TYPE_LABELS ? type : '',
    widgetId: q.get('widgetId') ?? '',
    actorId: q.get('actorId') ?? '',
    actorKind: ACTOR_KINDS.has(q.get('actorKind') ?? '') ? q.get('actorKind')! : '',
  };
};

/** The address query of the filters (empty ones left out), with its `?`, or '' for none. */
export const auditSearchOf = (f: AuditFilters): string => {
  const q = new URLSearchParams();
  for (const k of ['from', 'to', 'type', 'widgetId', 'actorId', 'actorKind'] as const) if (f[k]) q.set(k, f[k]);
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** A day's first or last instant in the browser's time zone, as the API's ISO instant. */
const dayBound = (day: string, end: boolean): string => new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`).toISOString();

/** The API's query of the filters: days become instants, empty filters are left out. */
export const auditApiQuery = (f: AuditFilters): Record<string, string> => {
  const q: Record<string, string> = {};
  if (f.from) q.from = dayBound(f.from, false);
  if (f.to) q.to = dayBound(f.to, true);
  if (f.type) q.type = f.type;
  if (f.widgetId) q.widgetId = f.widgetId;
  if (f.actorId) q.actorId = f.actorId;
  if (f.actorKind) q.actorKind = f.actorKind;
  return q;
};

/** The download address of the filtered log (`csv` a row per changed field, `jsonl` an entry per line). */
export const auditExportHref = (f: AuditFilters, format: 'csv' | 'jsonl'): string =>
  `/api/v1/audit/export?${new URLSearchParams({ ...auditApiQuery(f), format }).toString()}`;

/** Longest value shown in full in the list; longer ones are cut (the downloads keep them whole). */
export const AUDIT_VALUE_MAX = 200;

/** Names of the account's users and widgets by id, so that an entry says “Ann Agent” rather than an id. */
export type AuditNames = ReadonlyMap<string, string>;

/** An instant as the API writes it (`2026-12-07T10:11:12.000Z`), which the list shows as the console writes times. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Fields whose values are Parley's own words (a choice among fixed values), not text someone typed: their values
 * read as words, `lastN` → “not the last N passwords”, `api_token` → “API token”, unknown ones from their
 * camelCase or snake_case, `roundRobin` → “round robin”.
 */
const ENUM_FIELDS = new Set(['role', 'status', 'mode', 'askName', 'askEmail', 'position', 'plan', 'kind', 'state']);
/** Fixed values whose words are not simply their spelling; as the screens that set them say it. */
const ENUM_WORDS: Readonly<Record<string, string>> = {
  lastN: 'not the last N passwords',
  months: 'not those of the last months',
  api_token: 'API token',
};
const identifierWords = (word: string): string =>
  word
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .replace(/\b(ip|url|api|csv|utc)(s?)\b/g, (_m, w: string, plural: string) => w.toUpperCase() + plural);
/** A fixed value in words, capitalised: `lastN` → “Not the last N passwords”, `deactivated` → “Deactivated”. */
const enumWords = (word: string): string => {
  const words = ENUM_WORDS[word] ?? identifierWords(word);
  return words.charAt(0).toUpperCase() + words.slice(1);
};
/** Whether a recorded path ends in a field of fixed values (`/password/reuse/mode`, `/role`). */
const isEnumPath = (path: string | undefined): boolean => !!path && ENUM_FIELDS.has(path.slice(path.lastIndexOf('/') + 1));

/**
 * How a recorded value reads in a before → after line: nothing (missing, null, empty text or list) is “(none)”,
 * an instant is a time as the console writes them (this computer's language and time zone), a fixed value of a
 * field at `path` (a role, a mode) is words, other text is quoted, a list of texts is the quoted texts, the rest
 * is JSON, cut after {@link AUDIT_VALUE_MAX} characters with an ellipsis. An id `names` knows reads as its name,
 * and a list of such ids (a widget's agents) as their names: `Ann Agent, Ben Bot`. The downloads keep the values
 * as recorded.
 */
export const auditValue = (v: unknown, names: AuditNames = new Map(), path?: string): string => {
  const named = (x: unknown) => (typeof x === 'string' ? names.get(x) : undefined);
  const enumPath = isEnumPath(path);
  const textOf = (x: string) => (ISO_INSTANT.test(x) ? dateTime(x) : enumPath && /^[A-Za-z][\w-]*$/.test(x) ? enumWords(x) : `“${x}”`);
  const text =
    v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)
      ? '(none)'
      : v === LOCKED_UNTIL_UNLOCKED
        ? 'until unlocked'
        : named(v) !== undefined
          ? named(v)!
          : typeof v === 'string'
            ? textOf(v)
            : Array.isArray(v) && v.every((x) => named(x) !== undefined)
              ? v.map(named).join(', ')
              : Array.isArray(v) && v.every((x) => typeof x === 'string')
                ? v.map(textOf).join(', ')
                : JSON.stringify(v);
  return text.length > AUDIT_VALUE_MAX ? `${text.slice(0, AUDIT_VALUE_MAX - 1)}…` : text;
};

/** One segment of a recorded path in words: `closeInactiveAfterMinutes` → “close inactive after minutes”, `agentIds` → “agents”. */
const pathWords = (segment: string): string => {
  if (/^\d+$/.test(segment)) return `#${Number(segment) + 1}`;
  const ids = /^(.+)Ids$/.exec(segment);
  const id = /^(.+)Id$/.exec(segment);
  const base = ids ? `${ids[1]}s` : id ? id[1]! : segment;
  return identifierWords(base);
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A value a line can say in a few words: not an object, nor a list holding objects. */
const isLeaf = (v: unknown) => !isPlainObject(v) && !(Array.isArray(v) && v.some((x) => isPlainObject(x) || Array.isArray(x)));
const escapeSegment = (k: string) => k.replaceAll('~', '~0').replaceAll('/', '~1');
const isNothing = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
/**
 * Whether two plain values are the same, nothing being one (missing, null, empty): compared as recorded, not as
 * shown, since two instants a few seconds apart read the same to the minute.
 */
const sameLeaf = (a: unknown, b: unknown) => (isNothing(a) && isNothing(b)) || JSON.stringify(a) === JSON.stringify(b);
/** The keys inside an object or a list (its indexes), and the value at one of them. */
const keysOf = (v: unknown) => (Array.isArray(v) ? v.map((_, i) => String(i)) : isPlainObject(v) ? Object.keys(v) : []);
const at = (v: unknown, k: string) => (Array.isArray(v) ? v[Number(k)] : isPlainObject(v) ? v[k] : undefined);

/** One recorded change, or one line the list shows of it. */
export interface AuditLine {
  readonly path: string;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly redacted?: boolean;
}

/**
 * A recorded change as the lines the list shows: a change of a whole object (a widget's settings when it was made,
 * a list of invitation rules) as one line for each field inside it that differs, “Settings › greeting: (none) →
 * “Hi!””, instead of one line of cut-off JSON; a field that reads the same on both sides (null and missing) is left
 * out. Other changes, and redacted ones, as they are.
 */
export const auditLines = (c: AuditLine): AuditLine[] => {
  if (c.redacted) return [c];
  // A value that is the same before and after (absent, then null) changed nothing worth a line.
  if (isLeaf(c.from) && isLeaf(c.to)) return sameLeaf(c.from, c.to) ? [] : [c];
  const lines: AuditLine[] = [];
  const walk = (path: string, from: unknown, to: unknown) => {
    if (isLeaf(from) && isLeaf(to)) {
      if (!sameLeaf(from, to)) lines.push({ path, from, to });
      return;
    }
    // One side an object and the other a plain value (a setting that was null): the plain side is nothing inside.
    const from_ = isLeaf(from) ? undefined : from;
    const to_ = isLeaf(to) ? undefined : to;
    for (const k of new Set([...keysOf(from_), ...keysOf(to_)])) walk(`${path}/${escapeSegment(k)}`, at(from_, k), at(to_, k));
  };
  walk(c.path, c.from, c.to);
  return lines;
};

/**
 * What a recorded path (a JSON Pointer into the changed thing) names, in words, as the list shows it:
 * `/settings/appearance/color` → “Settings › appearance › color”, `/fieldMapping/0/leadField` → “Field mapping › #1 ›
 * lead field”. The path itself stays in the downloads.
 */
export const auditPathLabel = (path: string): string => {
  const words = path
    .split('/')
    .slice(1)
    .map((s) => pathWords(s.replaceAll('~1', '/').replaceAll('~0', '~')))
    .join(' › ');
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : path;
};

/** Target types whose id is a widget's, and those whose id is a user's. */
/** Targets whose id is a widget's: the widget itself, its agents, its integrations (named by the widget). */
const WIDGET_TARGETS = new Set(['widget', 'widget_agents', 'integration_open_api', 'integration_salesforce']);
const USER_TARGETS = new Set(['user']);

/**
 * What an entry changed, when it is one of several of its kind: the widget or the user by name (by the start of
 * its id when it is not known, e.g. deleted), a chat (deleted for good: nothing but its id is left) by the start of
 * its id; null for the account's single things (its settings, security).
 */
export const auditTarget = (e: { readonly targetType: string; readonly targetId: string }, names: AuditNames): string | null => {
  if (e.targetType === 'chat') return `chat ${e.targetId.slice(0, 8)}…`;
  if (!WIDGET_TARGETS.has(e.targetType) && !USER_TARGETS.has(e.targetType)) return null;
  return names.get(e.targetId) ?? `${WIDGET_TARGETS.has(e.targetType) ? 'widget' : 'user'} ${e.targetId.slice(0, 8)}…`;
};
