import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The stylesheets that build on the design system: its tokens, the widget's, the console's and the monitor page's. */
const STYLESHEETS = [
  '../tokens.css',
  '../../widget/src/frame/styles.css',
  '../../console/src/styles.css',
  '../../../adapters/http-hono/src/monitor-page/monitor.css',
].map((path) => new URL(path, import.meta.url));

/**
 * Selectors that head more than one rule in the same scope (the top level, or one at-rule's block), with how
 * many rules each heads. Two rules for one selector are read as one by the browser, the later one winning
 * where they disagree, so an edit to the first may change nothing, or a second screen's rule may restyle the
 * first screen's elements.
 */
const repeatedSelectors = (css: string): Record<string, number> => {
  const counts = new Map<string, number>();
  const scopes: string[] = [];
  let text = '';
  for (const ch of css.replace(/\/\*[\s\S]*?\*\//g, '')) {
    if (ch === '{') {
      const head = text.trim().replace(/\s+/g, ' ');
      const inRuleScope = scopes.every((s) => s.startsWith('@'));
      if (inRuleScope && !head.startsWith('@')) {
        const key = [...scopes, head].join(' » ');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      scopes.push(head);
      text = '';
    } else if (ch === '}') {
      scopes.pop();
      text = '';
    } else if (ch === ';' && scopes.length === 0) text = '';
    else text += ch;
  }
  return Object.fromEntries([...counts].filter(([, n]) => n > 1));
};

/** The innermost rules of a stylesheet: selector and declarations (property → value), comments left out. */
const rulesOf = (css: string): { selector: string; declarations: Map<string, string> }[] =>
  [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => ({
    selector: m[1]!.trim().replace(/\s+/g, ' '),
    declarations: new Map(
      m[2]!
        .split(';')
        .map((d) => d.split(':'))
        .filter((d) => d.length >= 2)
        .map(([name, ...value]) => [name!.trim(), value.join(':').trim()]),
    ),
  }));

/** Backgrounds of the design system that come with a text colour of their own (tokens.css). */
const TEXT_FOR_BACKGROUND: Record<string, string> = { 'var(--accent)': 'var(--accent-fg)', 'var(--danger)': 'var(--danger-fg)' };

/** Rules that paint one of those backgrounds without its text colour: their text may not contrast in every theme. */
const unpairedBackgrounds = (css: string): string[] =>
  rulesOf(css).flatMap(({ selector, declarations }) => {
    const background = declarations.get('background') ?? declarations.get('background-color');
    const text = background === undefined ? undefined : TEXT_FOR_BACKGROUND[background];
    return text !== undefined && declarations.get('color') !== text
      ? [`${selector}: ${background} with color ${declarations.get('color')}`]
      : [];
  });

describe('stylesheets', () => {
  it('finds a selector that heads two rules of one scope, and tells scopes apart', () => {
    const css = `
      @import url(x.css);
      .a { color: red; }
      /* .a { in a comment } */
      .b, .c { margin: 0; }
      @media (max-width: 40rem) { .a { color: blue; } .d { x: 1; } .d { y: 2; } }
      @media (min-width: 60rem) { .d { x: 1; } }
      .a { font-weight: 600; }
      .b,
      .c { padding: 0; }`;
    expect(repeatedSelectors(css)).toEqual({ '.a': 2, '.b, .c': 2, '@media (max-width: 40rem) » .d': 2 });
  });

  it('head each rule with a selector of its own in each scope', () => {
    for (const url of STYLESHEETS) expect(repeatedSelectors(readFileSync(url, 'utf8')), url.pathname).toEqual({});
  });

  it('finds a rule that paints an accent or danger background without its text colour', () => {
    const css = `
      .ok { background: var(--accent); color: var(--accent-fg); }
      @media (x) { .bad { background: var(--danger); color: #fff; } }
      /* .commented { background: var(--danger); } */
      .none { background-color: var(--accent); }
      .other { background: var(--bg); color: #fff; }`;
    expect(unpairedBackgrounds(css)).toEqual(['.bad: var(--danger) with color #fff', '.none: var(--accent) with color undefined']);
  });

  it('give text on the accent and danger backgrounds the colour made for it', () => {
    for (const url of STYLESHEETS) expect(unpairedBackgrounds(readFileSync(url, 'utf8')), url.pathname).toEqual([]);
  });
});
