import { describe, expect, it } from 'vitest';
import { historyFiltersOf, historyHref, historySearchOf } from './history-filters.js';

const none = { status: '', widgetId: '', agentId: '', label: '', handled: '', from: '', to: '', q: '', visitor: '' } as const;

describe('the history’s filters in its address', () => {
  it('reads back what it wrote, and writes nothing for no filter', () => {
    const f = {
      ...none,
      status: 'closed',
      widgetId: 'w1',
      agentId: 'u1',
      label: 'l 2',
      handled: 'true',
      from: '2026-12-01',
      to: '2026-12-06',
      q: 'refund 47',
      visitor: 'Q2hhdHMgd2l0aCBWZXJh',
    } as const;
    expect(historyFiltersOf(historySearchOf(f))).toEqual(f);
    expect(historySearchOf(none)).toBe('');
    expect(historyFiltersOf('')).toEqual(none);
  });

  it('takes what is not a valid value as no filter', () => {
    expect(historyFiltersOf('?status=deleted&handled=maybe&from=yesterday&to=2026-13&visitor=short')).toEqual(none);
    expect(historyFiltersOf('?q=%20%20refund%20')).toEqual({ ...none, q: 'refund' });
  });

  it('gives the address of a chat’s transcript with the filters kept', () => {
    expect(historyHref('c/1', { ...none, status: 'offline' })).toBe('/app/history/c%2F1?status=offline');
    expect(historyHref(null, none)).toBe('/app/history');
  });
});
