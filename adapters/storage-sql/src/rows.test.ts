import { defaultWidgetSettings } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { widgetFromRow } from './rows.js';

describe('widget rows', () => {
  it('reads settings added since a widget was last saved as their defaults, keeping what was saved', () => {
    const saved = {
      maxConcurrentChats: 5,
      offlineForm: { enabled: false, alwaysOffline: false },
      preChat: { askName: 'required', askEmail: 'off' },
      greeting: 'Hallo!',
      language: 'de',
    };
    const w = widgetFromRow({
      id: 'w1',
      account_id: 'a1',
      name: 'Support',
      settings: JSON.stringify(saved),
      agent_ids: '[]',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      version: 3,
    });
    expect(w.settings).toEqual({ ...defaultWidgetSettings(), ...saved });
  });
});
