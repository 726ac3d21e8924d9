import { describe, expect, it } from 'vitest';
import { firstPageOver } from './delivery-list.js';

const d = (id: string) => ({ id }) as Parameters<typeof firstPageOver>[1][number];

describe('the delivery log’s poll', () => {
  it('puts the newest page over the list and keeps the older deliveries loaded by hand', () => {
    const shown = ['09', '08', '07', '06', '05', '04'].map(d);
    const page = ['10', '09', '08'].map(d);
    expect(firstPageOver(shown, page).map((x) => x.id)).toEqual(['10', '09', '08', '07', '06', '05', '04']);
  });

  it('is the page alone when nothing older was loaded, or nothing was shown', () => {
    expect(firstPageOver(['02', '01'].map(d), ['03', '02'].map(d)).map((x) => x.id)).toEqual(['03', '02']);
    expect(firstPageOver(null, ['01'].map(d)).map((x) => x.id)).toEqual(['01']);
    expect(firstPageOver(['02', '01'].map(d), [])).toEqual([]);
  });
});
