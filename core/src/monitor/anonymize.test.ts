import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MonitorView } from '../model/monitor.js';
import { anonymize, keepOnly, MONITOR_ALLOW_LIST } from './anonymize.js';

// ---------------------------------------------------------------------------------------------------
// Arbitraries: full monitor views with every field present. Strings of fields the allow-list removes
// are wrapped in `§` (kept strings never contain it), so a removed value that survives anywhere in the
// anonymized JSON — as a value or as a key — is found by searching for it.
// ---------------------------------------------------------------------------------------------------

const MARK = '§';
const keptText = fc.string({ maxLength: 12 }).map((s) => s.replaceAll(MARK, ''));
const secret = fc.string({ minLength: 1, maxLength: 12 }).map((s) => `${MARK}${s.replaceAll(MARK, '')}${MARK}`);
const nullableSecret = fc.option(secret, { nil: null });
const id = fc.uuid();
const instant = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
const seconds = fc.nat({ max: 1_000_000 });
const countryCode = fc.option(fc.constantFrom('DE', 'FR', 'US', 'BR', 'JP'), { nil: null });

const visitor = fc.record({
  name: nullableSecret,
  email: nullableSecret,
  city: nullableSecret,
  region: nullableSecret,
  country: nullableSecret,
  countryCode,
  language: nullableSecret,
  browser: nullableSecret,
  os: nullableSecret,
  pageUrl: nullableSecret,
  customVariables: fc.dictionary(secret, secret, { maxKeys: 3 }),
});

const queued = fc.record({ chatId: id, queuedAt: instant, waitingSeconds: seconds, question: secret, visitor });
const active = fc.record({
  chatId: id,
  agentId: id,
  agentName: fc.option(keptText, { nil: null }),
  assignedAt: instant,
  durationSeconds: seconds,
  question: secret,
  visitor,
  transcriptUrl: secret,
});
const agent = fc.record({
  userId: id,
  name: keptText,
  status: fc.constantFrom('online' as const, 'paused' as const, 'offline' as const),
  since: fc.option(instant, { nil: null }),
  activeChats: fc.nat({ max: 20 }),
  reason: fc.option(secret, { nil: null }),
});
const stats = fc.record({
  queued: fc.nat(),
  active: fc.nat(),
  online: fc.nat(),
  paused: fc.nat(),
  offline: fc.nat(),
  longestWaitSeconds: seconds,
  availableSlots: fc.nat(),
});
const widget = fc.record({
  id,
  name: keptText,
  queue: fc.array(queued, { maxLength: 4 }),
  active: fc.array(active, { maxLength: 4 }),
  agents: fc.array(agent, { maxLength: 4 }),
  stats,
});
const fullView: fc.Arbitrary<MonitorView> = fc.record({ generatedAt: instant, widgets: fc.array(widget, { maxLength: 4 }) });

// ---------------------------------------------------------------------------------------------------

type Spec = true | { readonly [k: string]: Spec };

/** Every string anywhere in a value: values and object keys. */
const stringsIn = (v: unknown, out: string[] = []): string[] => {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => stringsIn(x, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      stringsIn(x, out);
    }
  return out;
};

/**
 * Walks the original and the anonymized value along `spec`; returns the problems found: a field the
 * spec keeps that differs from the original, or a field the spec does not name that is present.
 */
const checkAgainst = (original: unknown, anon: unknown, spec: Spec, path = ''): string[] => {
  if (spec === true) return JSON.stringify(original) === JSON.stringify(anon) ? [] : [`${path}: changed`];
  if (Array.isArray(original)) {
    if (!Array.isArray(anon) || anon.length !== original.length) return [`${path}: array changed`];
    return original.flatMap((o, i) => checkAgainst(o, anon[i], spec, `${path}/${i}`));
  }
  if (original === null) return anon === null ? [] : [`${path}: not null`];
  if (typeof anon !== 'object' || anon === null) return [`${path}: missing`];
  const problems: string[] = [];
  for (const key of Object.keys(anon)) if (!(key in spec)) problems.push(`${path}/${key}: not on the allow-list but present`);
  for (const [key, sub] of Object.entries(spec))
    problems.push(
      ...checkAgainst((original as Record<string, unknown>)[key], (anon as Record<string, unknown>)[key], sub, `${path}/${key}`),
    );
  return problems;
};

/**
 * Strings of removed fields that can be found in the anonymized JSON, searched for as JSON writes them
 * (a quote, a backslash or a control character is escaped there, so the raw string would not be found).
 */
const leaks = (view: MonitorView, anon: unknown): string[] => {
  const json = JSON.stringify(anon);
  return stringsIn(view).filter((s) => s.startsWith(MARK) && json.includes(JSON.stringify(s).slice(1, -1)));
};

/** Every leaf path of a value (array indexes as `*`), for listing what a spec removes. */
const leafPaths = (v: unknown, path = '', out = new Set<string>()): Set<string> => {
  if (Array.isArray(v)) v.forEach((x) => leafPaths(x, `${path}/*`, out));
  else if (v && typeof v === 'object' && !path.endsWith('customVariables'))
    for (const [k, x] of Object.entries(v)) leafPaths(x, `${path}/${k}`, out);
  else out.add(path);
  return out;
};

describe('anonymize', () => {
  it('keeps every allowed field unchanged and removes every other one (property)', () => {
    fc.assert(
      fc.property(fullView, (view) => {
        const anon = anonymize(view);
        expect(checkAgainst(view, anon, MONITOR_ALLOW_LIST)).toEqual([]);
        expect(leaks(view, anon)).toEqual([]);
        expect(JSON.stringify(anon)).not.toContain(MARK);
      }),
      { numRuns: 300 },
    );
  });

  it('removes exactly these fields: visitor details but the country code, messages and transcript links', () => {
    const sample = fc.sample(
      fullView.filter((v) => v.widgets.some((w) => w.queue.length > 0 && w.active.length > 0 && w.agents.length > 0)),
      1,
    )[0]!;
    const all = [...leafPaths(sample)];
    const kept = leafPaths(anonymize(sample));
    const removed = all.filter((p) => !kept.has(p)).sort();
    const visitorFields = ['name', 'email', 'city', 'region', 'country', 'language', 'browser', 'os', 'pageUrl', 'customVariables'];
    expect(removed).toEqual(
      [
        '/widgets/*/queue/*/question',
        ...visitorFields.map((f) => `/widgets/*/queue/*/visitor/${f}`),
        '/widgets/*/active/*/question',
        '/widgets/*/active/*/transcriptUrl',
        '/widgets/*/agents/*/reason',
        ...visitorFields.map((f) => `/widgets/*/active/*/visitor/${f}`),
      ].sort(),
    );
  });

  it('leaves the input untouched and shares no objects with it', () => {
    const view = fc.sample(
      fullView.filter((v) => v.widgets.length > 0),
      1,
    )[0]!;
    const before = JSON.stringify(view);
    const anon = anonymize(view);
    expect(JSON.stringify(view)).toBe(before);
    expect(anon.widgets[0]!.agents).not.toBe(view.widgets[0]!.agents);
    expect(anon.widgets[0]!.stats).not.toBe(view.widgets[0]!.stats);
  });

  it('the checks above catch a leak: an allow-list that keeps the visitor name fails them', () => {
    const careless = {
      ...MONITOR_ALLOW_LIST,
      widgets: {
        ...MONITOR_ALLOW_LIST.widgets,
        queue: { ...MONITOR_ALLOW_LIST.widgets.queue, visitor: { countryCode: true, name: true } },
      },
    } as const;
    const view = fc.sample(
      fullView.filter((v) => v.widgets.some((w) => w.queue.some((q) => q.visitor.name !== null))),
      1,
    )[0]!;
    const anon = keepOnly(view, careless);
    expect(leaks(view, anon).length).toBeGreaterThan(0);
    // Also a name that JSON escapes: a quote, a backslash and a line break.
    const name = `${MARK}"\\\n${MARK}`;
    const escaped: MonitorView = {
      ...view,
      widgets: view.widgets.map((w) => ({ ...w, queue: w.queue.map((q) => ({ ...q, visitor: { ...q.visitor, name } })) })),
    };
    expect(leaks(escaped, keepOnly(escaped, careless)).length).toBeGreaterThan(0);
    expect(checkAgainst(view, anon, MONITOR_ALLOW_LIST).some((p) => p.endsWith('/visitor/name: not on the allow-list but present'))).toBe(
      true,
    );
  });

  it('keeps a null where an object was expected and drops a string there', () => {
    expect(keepOnly({ a: null, b: 'x' }, { a: { c: true }, b: { c: true } })).toEqual({ a: null, b: null });
  });
});
