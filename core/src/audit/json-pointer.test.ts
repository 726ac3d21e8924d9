import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromPointer, readPointer, toPointer, writePointer } from './json-pointer.js';

/** Strings made mostly of the characters RFC 6901 escapes, so escaping is exercised on every run. */
const trickySegment = fc.oneof(
  fc.string({ unit: fc.constantFrom('~', '/', '0', '1', 'a'), maxLength: 8 }),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
);

describe('toPointer', () => {
  it('joins segments with a leading slash each', () => {
    expect(toPointer(['settings', 'offlineForm', 'enabled'])).toBe('/settings/offlineForm/enabled');
  });

  it('is the empty string for the whole document', () => {
    expect(toPointer([])).toBe('');
  });

  it('escapes ~ as ~0 and / as ~1', () => {
    expect(toPointer(['a/b', '~x'])).toBe('/a~1b/~0x');
    expect(toPointer(['~1'])).toBe('/~01');
  });

  it('writes the empty key as a lone slash', () => {
    expect(toPointer([''])).toBe('/');
    expect(toPointer(['', ''])).toBe('//');
  });
});

describe('fromPointer', () => {
  it('splits an RFC 6901 pointer into unescaped segments', () => {
    expect(fromPointer('/settings/offlineForm/enabled')).toEqual(['settings', 'offlineForm', 'enabled']);
    expect(fromPointer('/a~1b/~0x')).toEqual(['a/b', '~x']);
  });

  it('decodes ~1 before ~0, so "~01" is the literal "~1" (RFC 6901 section 4)', () => {
    expect(fromPointer('/~01')).toEqual(['~1']);
  });

  it('reads the empty pointer as the whole document', () => {
    expect(fromPointer('')).toEqual([]);
  });

  it('rejects a non-empty pointer without a leading slash', () => {
    expect(() => fromPointer('settings')).toThrow(/Not a JSON Pointer/);
  });

  it('round-trips any list of segments, including ones with ~ and /', () => {
    fc.assert(
      fc.property(fc.array(trickySegment, { maxLength: 6 }), (segs) => {
        expect(fromPointer(toPointer(segs))).toEqual(segs);
      }),
      { numRuns: 500 },
    );
  });

  it('gives different segment lists different pointers', () => {
    fc.assert(
      fc.property(fc.array(trickySegment, { maxLength: 4 }), fc.array(trickySegment, { maxLength: 4 }), (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(toPointer(a)).not.toBe(toPointer(b));
      }),
      { numRuns: 500 },
    );
  });
});

describe('readPointer', () => {
  const doc = { settings: { offlineForm: { enabled: false }, greeting: null }, 'a/b': { '~x': 1 }, agentIds: ['u1', 'u2'] };

  it('finds nested values', () => {
    expect(readPointer(doc, '/settings/offlineForm/enabled')).toEqual({ exists: true, value: false });
    expect(readPointer(doc, '/a~1b/~0x')).toEqual({ exists: true, value: 1 });
  });

  it('tells a null value from a missing one', () => {
    expect(readPointer(doc, '/settings/greeting')).toEqual({ exists: true, value: null });
    expect(readPointer(doc, '/settings/missing')).toEqual({ exists: false, value: undefined });
  });

  it('reads the whole document at the empty pointer', () => {
    expect(readPointer(doc, '')).toEqual({ exists: true, value: doc });
  });

  it('does not descend into primitives or arrays (arrays are whole values)', () => {
    expect(readPointer(doc, '/settings/offlineForm/enabled/x').exists).toBe(false);
    expect(readPointer(doc, '/agentIds/0').exists).toBe(false);
    expect(readPointer(doc, '/agentIds')).toEqual({ exists: true, value: ['u1', 'u2'] });
  });

  it('sees only own properties, never inherited ones', () => {
    expect(readPointer({}, '/toString').exists).toBe(false);
    expect(readPointer({}, '/constructor').exists).toBe(false);
  });
});

describe('writePointer', () => {
  it('sets a nested value without modifying the input', () => {
    const doc = { settings: { offlineForm: { enabled: true, alwaysOffline: false } } };
    const snapshot = structuredClone(doc);
    const out = writePointer(doc, '/settings/offlineForm/enabled', false);
    expect(out).toEqual({ settings: { offlineForm: { enabled: false, alwaysOffline: false } } });
    expect(doc).toEqual(snapshot);
  });

  it('creates missing parent objects', () => {
    expect(writePointer({}, '/integrations/openApi/url', 'https://x')).toEqual({
      integrations: { openApi: { url: 'https://x' } },
    });
  });

  it('replaces a primitive parent by an object', () => {
    expect(writePointer({ a: 5 }, '/a/b', 1)).toEqual({ a: { b: 1 } });
  });

  it('removes a field when asked', () => {
    expect(writePointer({ a: { b: 1, c: 2 } }, '/a/b', undefined, true)).toEqual({ a: { c: 2 } });
    expect(Object.keys(writePointer({ a: 1 }, '/a', undefined, true) as object)).toEqual([]);
  });

  it('replaces or removes the whole document at the empty pointer', () => {
    expect(writePointer({ a: 1 }, '', { b: 2 })).toEqual({ b: 2 });
    expect(writePointer({ a: 1 }, '', undefined, true)).toBeUndefined();
  });

  it('unescapes segments when writing', () => {
    expect(writePointer({}, '/a~1b/~0x', 1)).toEqual({ 'a/b': { '~x': 1 } });
  });

  it('writes a "__proto__" key as a plain own field, never as the prototype', () => {
    const out = writePointer({}, '/__proto__', { polluted: true }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(readPointer(out, '/__proto__')).toEqual({ exists: true, value: { polluted: true } });
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('reads back what it wrote, for any path', () => {
    fc.assert(
      fc.property(fc.array(trickySegment, { minLength: 1, maxLength: 4 }), fc.jsonValue(), (segs, value) => {
        const p = toPointer(segs);
        expect(readPointer(writePointer({}, p, value), p)).toEqual({ exists: true, value });
      }),
      { numRuns: 300 },
    );
  });
});
