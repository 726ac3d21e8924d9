import { describe, expect, it } from 'vitest';
import type { ChatEvent } from './model.js';
import { latestPage, leftAt, pageTextParts } from './visitor-page.js';

const event = (seq: number, type: string, data: Record<string, unknown> = {}): ChatEvent =>
  ({ id: `e${seq}`, chatId: 'c1', seq, type, at: '2026-12-06T12:00:00.000Z', author: null, text: null, data }) as ChatEvent;

describe('the page the visitor is on', () => {
  it('is the last page they opened during the chat, whatever came after it', () => {
    const events = [
      event(1, 'chat.queued'),
      event(2, 'chat.page', { url: 'https://shop.example.org/cart' }),
      event(3, 'chat.page', { url: 'https://shop.example.org/checkout' }),
      event(4, 'chat.message'),
    ];
    expect(latestPage(events)).toBe('https://shop.example.org/checkout');
  });

  it('is none while they stayed on the page the chat started on', () => {
    expect(latestPage([event(1, 'chat.queued'), event(2, 'chat.message')])).toBeNull();
  });
});

describe('whether the visitor is still on the site', () => {
  it('says since when they are gone when they left last, and nothing once they came back', () => {
    const left = { ...event(3, 'chat.visitor_left'), at: '2026-12-06T12:05:00.000Z' };
    expect(leftAt([event(1, 'chat.queued'), event(2, 'chat.message'), left, event(4, 'chat.message')])).toBe('2026-12-06T12:05:00.000Z');
    expect(leftAt([event(1, 'chat.queued'), left, event(4, 'chat.visitor_back')])).toBeNull();
    expect(leftAt([event(1, 'chat.queued')])).toBeNull();
  });
});

describe('a page address as the visitor panel writes it', () => {
  it('drops the lone "/" of a site’s home page, so it never stands alone on a line', () => {
    expect(pageTextParts('http://127.0.0.1:3932/')).toEqual(['http://127.0.0.1:3932']);
    expect(pageTextParts('https://shop.example.org')).toEqual(['https://shop.example.org']);
  });

  it('may break a longer address after the slashes of its path, and keeps every character', () => {
    const url = 'https://shop.example.org/orders/42?tab=items#top';
    expect(pageTextParts(url)).toEqual(['https://shop.example.org', '/', 'orders/', '42?tab=items#top']);
    expect(pageTextParts(url).join('')).toBe(url);
    expect(pageTextParts('https://shop.example.org/cart/').join('')).toBe('https://shop.example.org/cart/');
  });
});
