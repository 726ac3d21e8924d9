import { describe, expect, it } from 'vitest';
import type { ProactiveRule } from './api.js';
import { globMatches, planInvitation, type VisitContext } from './proactive.js';

const rule = (over: Partial<ProactiveRule> = {}): ProactiveRule => ({
  id: 'r',
  message: 'Need a hand?',
  delaySeconds: 0,
  minPagesViewed: 0,
  urlPattern: null,
  referrerPattern: null,
  onlyWhenAgentsOnline: true,
  ...over,
});

const visit = (over: Partial<VisitContext> = {}): VisitContext => ({
  pageUrl: 'https://shop.example/pricing?plan=pro',
  referrerUrl: 'https://search.example/?q=shoes',
  pagesViewed: 1,
  secondsOnPage: 0,
  agentsOnline: true,
  ...over,
});

describe('globMatches', () => {
  it('matches the whole text, * standing for any characters, none included', () => {
    expect(globMatches('https://shop.example/pricing*', 'https://shop.example/pricing?plan=pro')).toBe(true);
    expect(globMatches('https://shop.example/pricing*', 'https://shop.example/pricing')).toBe(true);
    expect(globMatches('*/pricing*', 'https://shop.example/pricing?plan=pro')).toBe(true);
    expect(globMatches('https://*.example/*/checkout', 'https://shop.example/de/checkout')).toBe(true);
    expect(globMatches('*', '')).toBe(true);
    expect(globMatches('', '')).toBe(true);
  });

  it('refuses a text with more or other characters than the pattern allows', () => {
    expect(globMatches('https://shop.example/pricing', 'https://shop.example/pricing?plan=pro')).toBe(false);
    expect(globMatches('*/pricing', 'https://shop.example/pricing/')).toBe(false);
    expect(globMatches('https://shop.example/*', 'http://shop.example/')).toBe(false);
    expect(globMatches('*/Pricing*', 'https://shop.example/pricing')).toBe(false); // case-sensitive
    expect(globMatches('', 'x')).toBe(false);
  });

  it('treats the characters of regular expressions as themselves', () => {
    expect(globMatches('https://shop.example/a.b?c=(1)', 'https://shop.example/a.b?c=(1)')).toBe(true);
    expect(globMatches('https://shop.example/a.b', 'https://shop.example/aXb')).toBe(false);
    expect(globMatches('[a-z]+', 'abc')).toBe(false);
  });

  it('answers a pattern of many stars against a long near-miss at once', () => {
    const started = Date.now();
    expect(globMatches(`${'*a'.repeat(200)}b`, 'a'.repeat(2048))).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('planInvitation', () => {
  it('plans nothing without rules, or when none applies', () => {
    expect(planInvitation([], visit())).toBeNull();
    expect(planInvitation([rule({ urlPattern: '*/checkout*' })], visit())).toBeNull();
  });

  it('waits out the delay on the page: the seconds left, then now', () => {
    const r = rule({ delaySeconds: 30 });
    expect(planInvitation([r], visit())).toEqual({ rule: r, inSeconds: 30 });
    expect(planInvitation([r], visit({ secondsOnPage: 12 }))).toEqual({ rule: r, inSeconds: 18 });
    expect(planInvitation([r], visit({ secondsOnPage: 45 }))).toEqual({ rule: r, inSeconds: 0 });
  });

  it('needs the pages viewed this visit, the current one included', () => {
    const r = rule({ minPagesViewed: 3 });
    expect(planInvitation([r], visit({ pagesViewed: 2 }))).toBeNull();
    expect(planInvitation([r], visit({ pagesViewed: 3 }))?.rule).toBe(r);
  });

  it('shows rules meant for when agents are online only then, the others always', () => {
    const online = rule({ id: 'online' });
    const always = rule({ id: 'always', onlyWhenAgentsOnline: false, delaySeconds: 5 });
    expect(planInvitation([online, always], visit({ agentsOnline: false }))?.rule).toBe(always);
    expect(planInvitation([online, always], visit({ agentsOnline: true }))?.rule).toBe(online);
  });

  it('matches the referrer glob, an absent referrer as empty', () => {
    const fromSearch = rule({ referrerPattern: 'https://search.example/*' });
    expect(planInvitation([fromSearch], visit())?.rule).toBe(fromSearch);
    expect(planInvitation([fromSearch], visit({ referrerUrl: 'https://other.example/' }))).toBeNull();
    expect(planInvitation([fromSearch], visit({ referrerUrl: null }))).toBeNull();
    expect(planInvitation([rule({ referrerPattern: '*' })], visit({ referrerUrl: null }))).not.toBeNull();
  });

  it('picks the rule whose delay ends first, the earlier rule on a tie', () => {
    const slow = rule({ id: 'slow', delaySeconds: 60 });
    const fast = rule({ id: 'fast', delaySeconds: 10 });
    const alsoFast = rule({ id: 'also-fast', delaySeconds: 10 });
    expect(planInvitation([slow, fast, alsoFast], visit())).toEqual({ rule: fast, inSeconds: 10 });
    expect(planInvitation([slow, fast], visit({ secondsOnPage: 90 }))).toEqual({ rule: slow, inSeconds: 0 });
  });
});
