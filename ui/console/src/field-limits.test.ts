import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The screens' sources: the console's and the widget's. */
const screens = (): string[] =>
  ['ui/console/src', 'ui/widget/src'].flatMap((dir) =>
    (readdirSync(join(ROOT, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.tsx')).map((f) => join(ROOT, dir, f)),
  );

/** A field's length or range written as a number, with the line it is on. */
const LITERAL_LIMIT = /\b(maxLength|minLength|min|max)=\{\s*-?\d/g;

/** Formats rather than limits: a colour field holds `#rrggbb`, 7 characters whatever the server allows. */
const FORMATS = new Set(['ui/console/src/components/admin/Widgets.tsx: maxLength={7}']);

// The server's limits live in `@parley/core/limits` (INPUT_LIMITS, SECURITY_LIMITS): a field holding its
// own number drifts from them (the widget name once took 200 characters the server refused past 120).
describe('form fields', () => {
  it('take their lengths and ranges from the server’s limits, never a number of their own', () => {
    const found: string[] = [];
    for (const file of screens()) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(LITERAL_LIMIT)) {
        const end = text.indexOf('}', m.index);
        const hit = `${relative(ROOT, file)}: ${text.slice(m.index, end + 1)}`;
        if (!FORMATS.has(hit)) found.push(hit);
      }
    }
    expect(screens().length).toBeGreaterThan(20);
    expect(found).toEqual([]);
  });
});
