import { describe, expect, it } from 'vitest';
import { textParts } from './links.js';

const links = (text: string) =>
  textParts(text)
    .filter((p) => p.href !== undefined)
    .map((p) => p.href);

describe('web addresses in a message', () => {
  it('become links between the plain runs, and the runs joined give the text back', () => {
    const text = 'See https://help.example.com/returns?order=4711#steps and http://shop.example/a for more.';
    const parts = textParts(text);
    expect(parts).toEqual([
      { text: 'See ' },
      { text: 'https://help.example.com/returns?order=4711#steps', href: 'https://help.example.com/returns?order=4711#steps' },
      { text: ' and ' },
      { text: 'http://shop.example/a', href: 'http://shop.example/a' },
      { text: ' for more.' },
    ]);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(textParts('')).toEqual([{ text: '' }]);
    expect(textParts('No address here.')).toEqual([{ text: 'No address here.' }]);
  });

  it('leave the sentence’s punctuation and a bracket they did not open outside the link', () => {
    expect(links('Try https://shop.example/tea.')).toEqual(['https://shop.example/tea']);
    expect(links('(see https://shop.example/tea), then')).toEqual(['https://shop.example/tea']);
    expect(links('https://en.wikipedia.org/wiki/Tea_(beverage)!')).toEqual(['https://en.wikipedia.org/wiki/Tea_(beverage)']);
    expect(links('“https://shop.example/a?b=1”')).toEqual(['https://shop.example/a?b=1']);
    expect(links('<https://shop.example/x>')).toEqual(['https://shop.example/x']);
  });

  it('make nothing but http and https addresses links, never markup or a script', () => {
    expect(links('javascript:alert(1) data:text/html,x ftp://files.example/a mailto:a@b.example')).toEqual([]);
    expect(links('https:// and http://')).toEqual([]);
    expect(links('xhttps://shop.example/a')).toEqual([]);
    expect(textParts('<b>https://shop.example/"onmouseover="x</b>')).toEqual([
      { text: '<b>' },
      { text: 'https://shop.example/', href: 'https://shop.example/' },
      { text: '"onmouseover="x</b>' },
    ]);
    expect(links(`https://shop.example/${'a'.repeat(3000)}`)).toEqual([]);
  });
});
