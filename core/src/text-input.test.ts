import { describe, expect, it } from 'vitest';
import { findIllFormedText, isWellFormed, normaliseMessage, normaliseName, trimInvisible } from './text-input.js';

describe('isWellFormed', () => {
  it('refuses lone surrogates, high or low, and accepts pairs', () => {
    expect(isWellFormed('a\ud800b')).toBe(false);
    expect(isWellFormed('a\udfffb')).toBe(false);
    expect(isWellFormed('\ude00\ud83d')).toBe(false);
    expect(isWellFormed('smile \ud83d\ude00')).toBe(true);
    expect(isWellFormed('\ufffd')).toBe(true);
  });
});

describe('findIllFormedText', () => {
  it('points at every ill-formed value and property name, in document order', () => {
    const input = { name: 'a\ud800b', ok: 'fine', list: ['x', '\udbff'], nested: { 'k\udc00': 'v', deep: [{ t: '\ud800' }] }, n: 1 };
    expect(findIllFormedText(input)).toEqual([
      { path: '/name', inName: false },
      { path: '/list/1', inName: false },
      { path: '/nested/k\udc00', inName: true },
      { path: '/nested/deep/0/t', inName: false },
    ]);
    expect(findIllFormedText('\ud800')).toEqual([{ path: '', inName: false }]);
    expect(findIllFormedText({ a: ['b', { c: 'd' }], e: null, f: true })).toEqual([]);
  });

  it('walks deep nesting without overflowing the stack', () => {
    let deep: unknown = '\ud800';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(findIllFormedText(deep)).toHaveLength(1);
  });
});

describe('normaliseName', () => {
  it('composes to NFC', () => {
    expect(normaliseName('Zoe\u0308')).toBe('Zoë');
  });

  it('trims white space and invisible characters at both ends, keeps them inside', () => {
    expect(normaliseName('\u200b\ufeff Support \u200d\u2060\u00ad')).toBe('Support');
    expect(normaliseName('\u3000Ana\u00a0')).toBe('Ana');
    expect(normaliseName('a\u200bb')).toBe('a\u200bb');
    // A family emoji is joined by ZWJ inside; a heart keeps its variation selector at the end.
    expect(normaliseName('Team \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67')).toBe(
      'Team \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67',
    );
    expect(normaliseName('Love \u2764\ufe0f')).toBe('Love \u2764\ufe0f');
  });

  it('is empty when nothing visible is left', () => {
    for (const s of ['', '   ', '\u200b\u200c\u200d', '\ufeff\u2060', '\u3164\u115f', '\ufe0f', '\0\r\n\u202e', '\u00ad '])
      expect(normaliseName(s), JSON.stringify(s)).toBe('');
  });

  it('turns line breaks and tabs into spaces and removes other control characters', () => {
    expect(normaliseName('Ann\r\nSmith')).toBe('Ann Smith');
    expect(normaliseName('Ann\tSmith\u2028Jr')).toBe('Ann Smith Jr');
    expect(normaliseName('Ann\0\x07\x1b[31m\x7f\x9bSmith')).toBe('Ann[31mSmith');
  });

  it('removes bidi embeddings, overrides and isolates', () => {
    expect(normaliseName('invoice\u202egpj.exe')).toBe('invoicegpj.exe');
    expect(normaliseName('\u202aa\u202bb\u202cc\u202dd\u2066e\u2067f\u2068g\u2069')).toBe('abcdefg');
    // Right-to-left text itself stays as it is.
    expect(normaliseName('\u05e9\u05dc\u05d5\u05dd')).toBe('\u05e9\u05dc\u05d5\u05dd');
  });

  it('takes linear time on long runs of invisible characters', () => {
    const s = `a${'\u200b'.repeat(200_000)}b${' '.repeat(200_000)}`;
    const started = performance.now();
    expect(normaliseName(s)).toHaveLength(200_002);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('normaliseMessage', () => {
  it('keeps line breaks (as LF) and tabs, removes other control characters, trims the ends', () => {
    expect(normaliseMessage('\u200b Hello,\r\nline two\rline three\n\tindented\0\x1b \n')).toBe('Hello,\nline two\nline three\n\tindented');
  });

  it('keeps everything else as sent, bidi included (no NFC)', () => {
    expect(normaliseMessage('Zoe\u0308 \u202eabc')).toBe('Zoe\u0308 \u202eabc');
  });
});

describe('trimInvisible', () => {
  it('does not split a surrogate pair at either end', () => {
    expect(trimInvisible('\ud83d\ude00 ')).toBe('\ud83d\ude00');
    expect(trimInvisible(' \ud83d\ude00')).toBe('\ud83d\ude00');
  });
});
