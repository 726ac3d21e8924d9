import { describe, expect, it } from 'vitest';
import { dateTime } from './clock.js';
import {
  AUDIT_VALUE_MAX,
  AUDIT_WHO_SYSTEM,
  auditApiQuery,
  auditExportHref,
  auditFiltersOf,
  auditSearchOf,
  auditTarget,
  auditLines,
  auditPathLabel,
  auditValue,
  auditWhoFilter,
  auditWhoOf,
  NO_AUDIT_FILTERS,
} from './audit-filters.js';

describe('audit filters in the address', () => {
  it('reads back what it writes, leaving empty filters out', () => {
    const f = { from: '2026-03-01', to: '2026-03-31', type: 'security', widgetId: 'w1', actorId: '', actorKind: '' };
    const search = auditSearchOf(f);
    expect(search).toBe('?from=2026-03-01&to=2026-03-31&type=security&widgetId=w1');
    expect(auditFiltersOf(search)).toEqual(f);
    expect(auditSearchOf(NO_AUDIT_FILTERS)).toBe('');
  });

  it('drops malformed days and unknown types instead of sending them to the server', () => {
    expect(auditFiltersOf('?from=yesterday&to=2026-13&type=everything&actorKind=robot')).toEqual(NO_AUDIT_FILTERS);
  });

  it('offers Parley itself as a “Who”, which asks the API for the system actor’s entries, in the list and the downloads', () => {
    const system = { ...NO_AUDIT_FILTERS, ...auditWhoFilter(AUDIT_WHO_SYSTEM) };
    expect(system).toMatchObject({ actorId: '', actorKind: 'system' });
    expect(auditSearchOf(system)).toBe('?actorKind=system');
    expect(auditFiltersOf('?actorKind=system')).toEqual(system);
    expect(auditWhoOf(system)).toBe(AUDIT_WHO_SYSTEM);
    expect(auditApiQuery(system)).toEqual({ actorKind: 'system' });
    expect(auditExportHref(system, 'csv')).toBe('/api/v1/audit/export?actorKind=system&format=csv');
    // Choosing a person, or anyone, again drops the system filter.
    const person = { ...system, ...auditWhoFilter('u1') };
    expect(auditApiQuery(person)).toEqual({ actorId: 'u1' });
    expect(auditWhoOf(person)).toBe('u1');
    expect(auditSearchOf({ ...system, ...auditWhoFilter('') })).toBe('');
  });

  it('asks the API for whole days, the last one included', () => {
    const q = auditApiQuery({ ...NO_AUDIT_FILTERS, from: '2026-03-01', to: '2026-03-01' });
    expect(Date.parse(q.to!) - Date.parse(q.from!)).toBe(86_400_000 - 1);
    expect(new Date(q.from!).getDate()).toBe(1);
    expect(auditApiQuery(NO_AUDIT_FILTERS)).toEqual({});
  });

  it('builds download links with the same filters and the format', () => {
    const href = auditExportHref({ ...NO_AUDIT_FILTERS, type: 'widget', actorId: 'u 1' }, 'jsonl');
    expect(href).toBe('/api/v1/audit/export?type=widget&actorId=u+1&format=jsonl');
  });
});

describe('audit values', () => {
  it('says nothing one way, quotes text, lists texts, and writes the rest as JSON', () => {
    for (const nothing of [undefined, null, '', []]) expect(auditValue(nothing), JSON.stringify(nothing)).toBe('(none)');
    expect(auditValue('Support')).toBe('“Support”');
    expect(auditValue({ enabled: true })).toBe('{"enabled":true}');
    expect(auditValue(['a@x.test', 'b@x.test'])).toBe('“a@x.test”, “b@x.test”');
    expect(auditValue([1, 2])).toBe('[1,2]');
  });

  it('says a lock that ends only when unlocked as such, and gives no line to a value that reads the same both ways', () => {
    expect(auditValue('9999-12-31T23:59:59.999Z')).toBe('until unlocked');
    expect(auditLines({ path: '/maxConcurrentChats', from: undefined, to: null })).toEqual([]);
    expect(auditLines({ path: '/maxConcurrentChats', from: null, to: 3 })).toEqual([{ path: '/maxConcurrentChats', from: null, to: 3 }]);
  });

  it('names the widget an integration’s entry is about, as for the widget’s own entries', () => {
    const names = new Map([['w-1', 'Support']]);
    expect(auditTarget({ targetType: 'integration_open_api', targetId: 'w-1' }, names)).toBe('Support');
    expect(auditTarget({ targetType: 'integration_salesforce', targetId: 'w-1' }, names)).toBe('Support');
  });

  it('names a changed field in words, its path kept for the downloads', () => {
    expect(auditPathLabel('/name')).toBe('Name');
    expect(auditPathLabel('/settings/appearance/color')).toBe('Settings › appearance › color');
    expect(auditPathLabel('/settings/closeInactiveAfterMinutes')).toBe('Settings › close inactive after minutes');
    expect(auditPathLabel('/agentIds')).toBe('Agents');
    expect(auditPathLabel('/fieldMapping/0/leadField')).toBe('Field mapping › #1 › lead field');
    expect(auditPathLabel('/lockout/maxFailedAttempts')).toBe('Lockout › max failed attempts');
    expect(auditPathLabel('/a~1b')).toBe('A/b');
    expect(auditPathLabel('/ipRules')).toBe('IP rules');
    expect(auditPathLabel('/settings/appearance/logoUrl')).toBe('Settings › appearance › logo URL');
    expect(auditPathLabel('')).toBe('');
  });

  it('says a change of a whole object as a line for each field inside that differs', () => {
    const made = { path: '/settings', from: null, to: { maxQueueSize: null, greeting: 'Hi!', preChat: { askName: 'optional' }, tags: [] } };
    expect(auditLines(made)).toEqual([
      { path: '/settings/greeting', from: undefined, to: 'Hi!' },
      { path: '/settings/preChat/askName', from: undefined, to: 'optional' },
    ]);
    const rules = {
      path: '/settings/proactiveRules',
      from: [{ id: 'r1', message: 'Hello', delaySeconds: 10 }],
      to: [
        { id: 'r1', message: 'Need help?', delaySeconds: 10 },
        { id: 'r2', message: 'Sizes?', delaySeconds: 30 },
      ],
    };
    expect(auditLines(rules).map((l) => [auditPathLabel(l.path), auditValue(l.from), auditValue(l.to)])).toEqual([
      ['Settings › proactive rules › #1 › message', '“Hello”', '“Need help?”'],
      ['Settings › proactive rules › #2 › id', '(none)', '“r2”'],
      ['Settings › proactive rules › #2 › message', '(none)', '“Sizes?”'],
      ['Settings › proactive rules › #2 › delay seconds', '(none)', '30'],
    ]);
    // Plain values, lists of texts and redacted changes stay one line.
    for (const c of [
      { path: '/name', from: 'Support', to: 'Help desk' },
      { path: '/settings/allowedOrigins', from: [], to: ['https://a.test'] },
      { path: '/password', redacted: true },
    ])
      expect(auditLines(c)).toEqual([c]);
  });

  it('reads known ids as names, and a list of them as a list of names', () => {
    const names = new Map([
      ['u1', 'Ann Agent'],
      ['u2', 'Ben Bot'],
      ['w1', 'Support'],
    ]);
    expect(auditValue('u1', names)).toBe('Ann Agent');
    expect(auditValue(['u1', 'u2'], names)).toBe('Ann Agent, Ben Bot');
    expect(auditValue(['u1', 'gone'], names)).toBe('“u1”, “gone”');
    expect(auditValue([], names)).toBe('(none)');
    expect(auditValue('Support', names)).toBe('“Support”');
    expect(auditTarget({ targetType: 'widget', targetId: 'w1' }, names)).toBe('Support');
    expect(auditTarget({ targetType: 'widget_agents', targetId: 'w1' }, names)).toBe('Support');
    expect(auditTarget({ targetType: 'user', targetId: 'u2' }, names)).toBe('Ben Bot');
    expect(auditTarget({ targetType: 'widget', targetId: '01a24c25-fa99-751f' }, names)).toBe('widget 01a24c25…');
    expect(auditTarget({ targetType: 'chat', targetId: '01a24c25-fa99-751f' }, names)).toBe('chat 01a24c25…');
    expect(auditTarget({ targetType: 'security', targetId: 'acct' }, names)).toBeNull();
  });

  it('shows a recorded instant as the console writes times, in this computer’s language and time zone', () => {
    const at = '2026-12-07T10:11:12.000Z';
    expect(auditValue(at)).toBe(dateTime(at));
    expect(auditValue(at)).not.toContain('2026-12-07T');
    expect(auditValue(['2026-12-07T10:11:12Z', '2026-12-08T00:00:00+01:00'])).toBe(
      `${dateTime('2026-12-07T10:11:12Z')}, ${dateTime('2026-12-08T00:00:00+01:00')}`,
    );
    // Text that only starts like a date is someone's text, and “until unlocked” stays what it says.
    expect(auditValue('2026-12-07 was the day')).toBe('“2026-12-07 was the day”');
    expect(auditValue('9999-12-31T23:59:59.999Z')).toBe('until unlocked');
    // Two instants seconds apart read the same to the minute, but the change is still listed.
    const c = { path: '/expiresAt', from: '2026-12-07T10:11:12.000Z', to: '2026-12-07T10:11:40.000Z' };
    expect(auditLines(c)).toEqual([c]);
  });

  it('shows the fixed values of a setting (a mode, a role) as words, and leaves typed text as it was typed', () => {
    expect(auditValue('lastN', new Map(), '/password/reuse/mode')).toBe('Not the last N passwords');
    expect(auditValue('months', new Map(), '/password/reuse/mode')).toBe('Not those of the last months');
    expect(auditValue('off', new Map(), '/password/reuse/mode')).toBe('Off');
    expect(auditValue('roundRobin', new Map(), '/settings/routing/mode')).toBe('Round robin');
    expect(auditValue('api_token', new Map(), '/actor/kind')).toBe('API token');
    expect(auditValue('supervisor', new Map(), '/role')).toBe('Supervisor');
    expect(auditValue('required', new Map(), '/settings/preChat/askEmail')).toBe('Required');
    // A name or a greeting is someone's text, whatever it looks like.
    expect(auditValue('lastN', new Map(), '/name')).toBe('“lastN”');
    expect(auditValue('iPhone team')).toBe('“iPhone team”');
  });

  it('cuts long values with an ellipsis, so one big settings object does not flood the list', () => {
    const shown = auditValue({ greeting: 'x'.repeat(500) });
    expect(shown).toHaveLength(AUDIT_VALUE_MAX);
    expect(shown.startsWith('{"greeting":"xxx')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(auditValue('y'.repeat(AUDIT_VALUE_MAX - 2))).toHaveLength(AUDIT_VALUE_MAX);
  });
});
