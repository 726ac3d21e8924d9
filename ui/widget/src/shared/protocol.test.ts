import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS, VISITOR_KEY } from '@parley/core/limits';
import { isToFrame, isToLoader, newVisitorKey, pageAddress, samePage } from './protocol.js';

const state = {
  visitor: {},
  variables: {},
  language: null,
  description: null,
  sound: true,
  pageUrl: 'https://shop.example/',
  referrerUrl: null,
  chat: null,
  open: false,
  visit: { pagesViewed: 2, invited: false },
  visitorKey: null,
};

describe('the loader–frame message guards', () => {
  it('accept the messages each side sends', () => {
    expect(isToFrame({ parley: 1, type: 'init', state })).toBe(true);
    expect(isToFrame({ parley: 1, type: 'init', state: { ...state, chat: { chatId: 'c', token: 't', lastSeq: 4 } } })).toBe(true);
    expect(isToFrame({ parley: 1, type: 'init', state: { ...state, visitorKey: newVisitorKey() } })).toBe(true);
    expect(isToFrame({ parley: 1, type: 'set', state: { variables: { plan: 'gold' } } })).toBe(true);
    expect(isToFrame({ parley: 1, type: 'startChat', message: 'Hi' })).toBe(true);
    expect(isToFrame({ parley: 1, type: 'page', pageUrl: 'https://shop.example/tea', visit: { pagesViewed: 3, invited: false } })).toBe(
      true,
    );
    expect(isToLoader({ parley: 1, type: 'layout', open: false, width: 180, height: 68, position: 'left' })).toBe(true);
    expect(isToLoader({ parley: 1, type: 'event', name: 'messageReceived', detail: {} })).toBe(true);
    expect(isToLoader({ parley: 1, type: 'chat', chat: null })).toBe(true);
    // An ended chat kept for the next page, rated.
    expect(
      isToLoader({ parley: 1, type: 'chat', chat: { chatId: 'c', token: 't', lastSeq: 9, endedAt: 1_796_000_000_000, rated: true } }),
    ).toBe(true);
    expect(isToLoader({ parley: 1, type: 'invited' })).toBe(true);
    expect(isToLoader({ parley: 1, type: 'draft', draft: null })).toBe(true);
    expect(isToLoader({ parley: 1, type: 'draft', draft: { composer: { chatId: 'c', text: 'Hello' } } })).toBe(true);
    const form = { name: 'Vera', email: '', message: 'Tea?', description: 'Order 7' };
    expect(isToFrame({ parley: 1, type: 'init', state: { ...state, visit: { pagesViewed: 2, invited: false, draft: { form } } } })).toBe(
      true,
    );
    expect(isToLoader({ parley: 1, type: 'visitorKey', key: newVisitorKey() })).toBe(true);
    expect(isToLoader({ parley: 1, type: 'event', name: 'invitation', detail: { alias: 'Support', message: 'Hi' } })).toBe(true);
  });

  it('ignore other scripts’ messages and malformed ones', () => {
    expect(isToFrame('hello')).toBe(false);
    expect(isToFrame({ type: 'open' })).toBe(false); // not ours
    expect(isToFrame({ parley: 1, type: 'eval', code: 'x' })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'init', state: { ...state, chat: { chatId: 'c', token: 5, lastSeq: 1 } } })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'set', state: { variables: { plan: { nested: true } } } })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'set', state: { visitor: { name: 'x'.repeat(121) } } })).toBe(false);
    expect(isToLoader({ parley: 1, type: 'layout', open: false, width: 1, height: 1, position: 'top' })).toBe(false);
    expect(isToLoader({ parley: 1, type: 'event', name: 'toString', detail: {} })).toBe(false);
    expect(isToLoader({ parley: 1, type: 'chat', chat: { chatId: 'c', token: 't', lastSeq: 1.5 } })).toBe(false);
    expect(isToLoader({ parley: 1, type: 'chat', chat: { chatId: 'c', token: 't', lastSeq: 1, endedAt: 'yesterday' } })).toBe(false);
    expect(isToLoader({ parley: 1, type: 'chat', chat: { chatId: 'c', token: 't', lastSeq: 1, rated: 'yes' } })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'init', state: { ...state, visit: undefined } })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'init', state: { ...state, visit: { pagesViewed: -1, invited: false } } })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'init', state: { ...state, visit: { pagesViewed: 1, invited: 'no' } } })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'page', pageUrl: 'https://shop.example/tea' })).toBe(false);
    expect(isToLoader({ parley: 1, type: 'draft' })).toBe(false);
    expect(isToLoader({ parley: 1, type: 'draft', draft: { composer: { chatId: 'c', text: 'x'.repeat(5001) } } })).toBe(false);
    expect(isToLoader({ parley: 1, type: 'draft', draft: { form: { name: 'Vera', message: 'Tea?' } } })).toBe(false);
    expect(isToLoader({ parley: 1, type: 'draft', draft: 'Tea?' })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'address', pageUrl: 'https://shop.example/tea' })).toBe(true);
    expect(isToFrame({ parley: 1, type: 'address', pageUrl: 'x'.repeat(2049) })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'address' })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'page', pageUrl: 'x'.repeat(2049), visit: { pagesViewed: 3, invited: false } })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'init', state: { ...state, visitorKey: 'short' } })).toBe(false);
    expect(isToLoader({ parley: 1, type: 'visitorKey', key: 'x; document.cookie' })).toBe(false);
    expect(isToFrame({ parley: 1, type: 'init', state: { ...state, visitorKey: 'not/a key with spaces!' } })).toBe(false);
    expect(isToLoader(null)).toBe(false);
  });
});

describe('visitor keys', () => {
  it('are 22 URL-safe characters the API takes, different every time', () => {
    const keys = Array.from({ length: 200 }, newVisitorKey);
    for (const k of keys) expect([k, k.length, VISITOR_KEY.test(k)]).toEqual([k, 22, true]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('page addresses', () => {
  it('are sent whole when they fit, else without query and fragment, else cut, never longer than the frame takes', () => {
    expect(pageAddress('https://shop.example/tea?utm=x#top')).toBe('https://shop.example/tea?utm=x#top');
    const tracked = `https://shop.example/tea/green?${'utm=x&'.repeat(500)}`;
    expect(pageAddress(tracked)).toBe('https://shop.example/tea/green');
    const deep = `https://shop.example/${'a/'.repeat(1500)}`;
    expect(pageAddress(deep)).toHaveLength(INPUT_LIMITS.pageUrl);
    expect(isToFrame({ parley: 1, type: 'init', state: { ...state, pageUrl: pageAddress(deep) } })).toBe(true);
  });

  it('are the same page when only an anchor differs, and not when the fragment is a route', () => {
    expect(samePage('https://shop.example/tea', 'https://shop.example/tea#reviews')).toBe(true);
    expect(samePage('https://shop.example/tea#reviews', 'https://shop.example/tea#prices')).toBe(true);
    expect(samePage('https://shop.example/tea', 'https://shop.example/tea?page=2')).toBe(false);
    expect(samePage('https://shop.example/#/orders', 'https://shop.example/#/cart')).toBe(false);
    expect(samePage('https://shop.example/#!/orders', 'https://shop.example/#!/orders')).toBe(true);
  });
});
