import { describe, expect, it } from 'vitest';
import { RecentMap } from './recent-map.js';

describe('RecentMap', () => {
  it('keeps at most its capacity, dropping the least recently remembered first', () => {
    const m = new RecentMap<string, number>(2);
    m.remember('a', 1);
    m.remember('b', 2);
    m.remember('a', 3); // a is now the most recent
    m.remember('c', 4);
    expect([m.get('a'), m.get('b'), m.get('c'), m.size]).toEqual([3, undefined, 4, 2]);
  });

  it('does not make an entry recent by reading it', () => {
    const m = new RecentMap<string, number>(2);
    m.remember('a', 1);
    m.remember('b', 2);
    expect(m.get('a')).toBe(1);
    m.remember('c', 3);
    expect([m.get('a'), m.get('b'), m.get('c')]).toEqual([undefined, 2, 3]);
    m.clear();
    expect(m.size).toBe(0);
  });
});
