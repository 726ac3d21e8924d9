import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrast } from './contrast.js';

const css = readFileSync(new URL('../tokens.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The custom properties declared in the block that `head` opens (the first one). */
const block = (head: string): Record<string, string> => {
  const start = css.indexOf(head);
  if (start < 0) throw new Error(`no block ${head}`);
  const body = css.slice(start + head.length, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
};

const light = block(':root {');
/** Each theme as the page sees it: the light tokens, then the theme's own. */
const THEMES = {
  light,
  'dark (system)': { ...light, ...block('@media (prefers-color-scheme: dark) {\n  :root {') },
  'dark (data-theme)': { ...light, ...block(":root[data-theme='dark'] {") },
};

/** Text tokens and the backgrounds each is used on; every pair must reach WCAG AA for text (4.5:1). */
const TEXT_ON: Record<string, readonly string[]> = {
  '--fg': ['--bg', '--bg-muted', '--bg-raised', '--note-bg'],
  '--fg-muted': ['--bg', '--bg-muted', '--bg-raised'],
  '--accent': ['--bg', '--bg-raised'],
  '--accent-fg': ['--accent'],
  '--danger': ['--bg', '--bg-muted', '--bg-raised'],
  '--danger-fg': ['--danger'],
  '--ok': ['--bg', '--bg-raised'],
  '--warn': ['--bg', '--bg-raised'],
};

describe('design tokens', () => {
  it('declare every text colour and background in each theme', () => {
    for (const [theme, tokens] of Object.entries(THEMES))
      for (const [text, backgrounds] of Object.entries(TEXT_ON))
        for (const name of [text, ...backgrounds]) expect(tokens[name], `${theme} ${name}`).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('give each text colour at least 4.5:1 on every background it is used on, in each theme', () => {
    const below: string[] = [];
    for (const [theme, tokens] of Object.entries(THEMES))
      for (const [text, backgrounds] of Object.entries(TEXT_ON))
        for (const bg of backgrounds) {
          const ratio = contrast(tokens[text]!, tokens[bg]!);
          if (ratio < 4.5) below.push(`${theme}: ${text} on ${bg} ${ratio.toFixed(2)}:1`);
        }
    expect(below).toEqual([]);
  });
});
