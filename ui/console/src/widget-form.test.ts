import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '@parley/core/limits';
import {
  blankNumbers,
  errorsSummary,
  withoutErrorsAt,
  colorWarning,
  errorAt,
  intervalsText,
  linesOf,
  moved,
  newRule,
  parseIntervals,
  widgetHref,
  widgetPatchOf,
  widgetViewOf,
  type WidgetDraft,
  availabilityText,
  type Availability,
} from './widget-form.js';

const draft: WidgetDraft = {
  name: 'Support',
  settings: {
    maxConcurrentChats: 3,
    maxQueueSize: null,
    businessHours: null,
    offlineForm: { enabled: true, alwaysOffline: false },
    preChat: { askName: 'optional', askEmail: 'optional' },
    greeting: 'Hi!',
    language: 'en',
    appearance: { color: '#2563eb', position: 'right', launcherText: 'Chat with us' },
    allowedOrigins: [],
    requireLabelToClose: false,
    closeInactiveAfterMinutes: null,
    notifyEmails: [],
    transcriptToTeam: false,
    proactiveRules: [],
    blockedVisitors: [],
  },
};

describe('the widgets screen address', () => {
  it('names the list without an id, and a widget’s tab (the first when unknown) with one', () => {
    expect(widgetViewOf([])).toEqual({ view: 'list' });
    expect(widgetViewOf(['w1'])).toEqual({ view: 'edit', id: 'w1', tab: 'general' });
    expect(widgetViewOf(['w1', 'appearance'])).toEqual({ view: 'edit', id: 'w1', tab: 'appearance' });
    expect(widgetViewOf(['w1', 'nonsense'])).toEqual({ view: 'edit', id: 'w1', tab: 'general' });
  });

  it('links to a widget’s tab, leaving the first tab out of the address', () => {
    expect(widgetHref('w1')).toBe('/app/admin/widgets/w1');
    expect(widgetHref('w1', 'agents')).toBe('/app/admin/widgets/w1/agents');
  });
});

describe('the patch of a widget draft', () => {
  it('is null when nothing changed', () => {
    expect(widgetPatchOf(draft, structuredClone(draft))).toBeNull();
  });

  it('carries only the name and the settings that changed, each whole', () => {
    const next = {
      name: 'Help',
      settings: {
        ...draft.settings,
        appearance: { ...draft.settings.appearance, color: '#0f766e' },
        allowedOrigins: ['https://a.example'],
      },
    };
    expect(widgetPatchOf(draft, next)).toEqual({
      name: 'Help',
      settings: {
        appearance: { color: '#0f766e', position: 'right', launcherText: 'Chat with us' },
        allowedOrigins: ['https://a.example'],
      },
    });
  });
});

describe('opening hours as text', () => {
  it('reads comma-separated ranges, padding single-digit hours, and blank as closed', () => {
    expect(parseIntervals('9:00-12:00, 13:00 – 17:30')).toEqual({
      intervals: [
        { from: '09:00', to: '12:00' },
        { from: '13:00', to: '17:30' },
      ],
    });
    expect(parseIntervals('  ')).toEqual({ intervals: [] });
  });

  it('says how to write a night shift, which each day holds its own part of, and reads an end at midnight as 24:00', () => {
    expect(parseIntervals('22:00-06:00')).toEqual({
      error: '“22:00-06:00” goes past midnight: write 22:00-24:00 here, and 00:00-06:00 on the next day.',
    });
    expect(parseIntervals('18:00-00:00')).toEqual({ intervals: [{ from: '18:00', to: '24:00' }] });
    expect(parseIntervals('22:00-24:00')).toEqual({ intervals: [{ from: '22:00', to: '24:00' }] });
  });

  it('names the part that is not a range', () => {
    expect(parseIntervals('09:00-12:00, lunch')).toEqual({ error: '“lunch” is not a time range like 09:00-17:00.' });
  });

  it('writes intervals back the way they are read', () => {
    expect(
      intervalsText([
        { from: '09:00', to: '17:00' },
        { from: '18:00', to: '24:00' },
      ]),
    ).toBe('09:00-17:00, 18:00-24:00');
    expect(intervalsText(undefined)).toBe('');
  });
});

describe('the widget form helpers', () => {
  it('splits a text area into trimmed non-blank lines (commas too)', () => {
    expect(linesOf(' https://a.example \n\nhttps://b.example, https://c.example\n')).toEqual([
      'https://a.example',
      'https://b.example',
      'https://c.example',
    ]);
  });

  it('finds the error of a field, or of an item inside it, by JSON Pointer', () => {
    const errors = [
      { path: '/settings/allowedOrigins/1', message: 'Not an origin.' },
      { path: '/name', message: 'Too long.' },
    ];
    expect(errorAt(errors, '/settings/allowedOrigins')).toBe('Not an origin.');
    expect(errorAt(errors, '/name')).toBe('Too long.');
    expect(errorAt(errors, '/settings/allowedOriginsX')).toBeNull();
    expect(errorAt(errors, '/settings/greeting')).toBeNull();
  });

  it('says every bad entry of a list at once, each named by its text unless its message names it', () => {
    const errors = [
      { path: '/settings/allowedOrigins/1', message: 'Not an origin.' },
      { path: '/settings/allowedOrigins/3', message: '“hello” is no origin.' },
    ];
    const sent = ['https://a.test', 'example.org', 'https://b.test', 'hello'];
    expect(errorAt(errors, '/settings/allowedOrigins', sent)).toBe('“example.org”: Not an origin. “hello” is no origin.');
    expect(errorAt(errors, '/settings/allowedOrigins')).toBe('Not an origin. “hello” is no origin.');
  });

  it('warns about an accent colour that hardly stands out from a light or dark page, not about a strong one', () => {
    expect(colorWarning('#2563eb')).toBeNull();
    expect(colorWarning('#fff8dc')).toMatch(/^Low contrast: this colour stands out only 1\.\d\d:1 from a light page/);
    expect(colorWarning('#111111')).toMatch(/from a dark page/);
    expect(colorWarning('blue')).toBeNull();
  });

  it('adds a rule with an id no other rule has', () => {
    const first = newRule([]);
    expect(first.id).toBe('rule-1');
    expect(newRule([{ ...first, id: 'rule-2' }]).id).toBe('rule-3');
  });

  it('moves an item within a list, clamping at the ends', () => {
    expect(moved(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moved(['a', 'b', 'c'], 0, 9)).toEqual(['b', 'c', 'a']);
  });
});

describe('number fields and errors of the widget form', () => {
  it('says a blank number field under it before anything is sent, with its range', () => {
    const settings = { ...draft.settings, maxQueueSize: Number.NaN, closeInactiveAfterMinutes: null };
    expect(blankNumbers(settings, INPUT_LIMITS)).toEqual([{ path: '/settings/maxQueueSize', message: 'Enter a number from 0 to 10000.' }]);
    expect(blankNumbers(draft.settings, INPUT_LIMITS)).toEqual([]);
  });

  it('says by the Save button which tabs hold the fields to fix', () => {
    expect(errorsSummary([{ path: '/settings/appearance/color' }])).toBe('Fix the fields marked in Appearance.');
    expect(errorsSummary([{ path: '/settings/proactiveRules/0/message' }, { path: '/name' }, { path: '/settings/notifyEmails/1' }])).toBe(
      'Fix the fields marked in General, Forms & mail and Invitations.',
    );
    expect(errorsSummary([{ path: '/version' }, {}])).toBeNull();
  });

  it('drops the errors about a field once it is edited, and only those', () => {
    const errors = [
      { path: '/settings/allowedOrigins/2', message: 'Not an origin.' },
      { path: '/settings/allowedOriginsX', message: 'other' },
      { path: '/name', message: 'Must not be empty.' },
    ];
    expect(withoutErrorsAt(errors, '/settings/allowedOrigins')).toEqual(errors.slice(1));
  });
});

describe('a widget’s availability as the screen says it', () => {
  const now: Availability = { widgetId: 'w1', available: false, mode: 'offline', queued: 0, queueFull: false, outsideBusinessHours: false };
  const served = { agentIds: ['a1'] };

  it('says why visitors see the offline form', () => {
    expect(availabilityText(now, { agentIds: [] })).toBe('Offline — no agent serves it');
    expect(availabilityText(now, served)).toBe('Offline — no agent online');
    expect(availabilityText({ ...now, outsideBusinessHours: true }, served)).toBe('Offline — outside business hours');
    expect(availabilityText(now, { ...served, settings: { offlineForm: { alwaysOffline: true } } })).toBe(
      'Offline — always shows the offline form',
    );
  });

  it('says a queue that is full, and how many wait', () => {
    expect(availabilityText({ ...now, available: true, mode: 'available' }, served)).toBe('Available');
    expect(availabilityText({ ...now, mode: 'busy', queueFull: true, queued: 3 }, served)).toBe(
      'Busy (chats queue) — queue full, 3 waiting',
    );
  });

  it('says when it is still asked for, or could not be read', () => {
    expect(availabilityText(undefined, served)).toBe('Checking…');
    expect(availabilityText(null, served)).toBe('Unknown');
  });
});
