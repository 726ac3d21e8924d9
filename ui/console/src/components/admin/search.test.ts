import { describe, expect, it } from 'vitest';
import { matchesWords } from './search.js';

describe('matchesWords', () => {
  it('finds text holding every word of the query, in any order and case', () => {
    expect(matchesWords('Client 120 — Berlin shop', 'berlin 120')).toBe(true);
    expect(matchesWords('Client 120 — Berlin shop', 'BERLIN   client')).toBe(true);
    expect(matchesWords('Client 120 — Berlin shop', 'berlin paris')).toBe(false);
  });

  it('finds everything with an empty or blank query', () => {
    expect(matchesWords('Support', '')).toBe(true);
    expect(matchesWords('Support', '   ')).toBe(true);
  });
});
