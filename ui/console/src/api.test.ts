import { describe, expect, it } from 'vitest';
import { allPages, type Page } from './api.js';

/** A list of `n` numbers served `size` a page, with the cursors asked for. */
const served = (n: number, size: number) => {
  const asked: (string | undefined)[] = [];
  const page = async (cursor: string | undefined): Promise<Page<number>> => {
    asked.push(cursor);
    const from = cursor === undefined ? 0 : Number(cursor);
    const items = Array.from({ length: Math.min(size, n - from) }, (_, i) => from + i);
    return { items, nextCursor: from + size < n ? String(from + size) : null };
  };
  return { asked, page };
};

describe('allPages', () => {
  it('follows the cursor to the last page and keeps the order', async () => {
    const { asked, page } = served(450, 200);
    expect(await allPages(page)).toEqual(Array.from({ length: 450 }, (_, i) => i));
    expect(asked).toEqual([undefined, '200', '400']);
  });

  it('asks once for a list that fits a page, and answers an empty list as one', async () => {
    for (const n of [0, 7]) {
      const { asked, page } = served(n, 200);
      expect(await allPages(page)).toHaveLength(n);
      expect(asked).toEqual([undefined]);
    }
  });

  it('answers null, and asks no further, when a page cannot be read', async () => {
    const { asked, page } = served(450, 200);
    const failing = (cursor: string | undefined) => (cursor === '200' ? Promise.resolve(undefined) : page(cursor));
    expect(await allPages(failing)).toBeNull();
    expect(asked).toEqual([undefined]);
  });
});
