import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldChange } from '../model/audit.js';
import { applyChanges, deepEqual, diff, driftedSince, redactChanges, revertChanges, SECRET_KEYS } from './diff.js';
import { fromPointer } from './json-pointer.js';

// ---------------------------------------------------------------------------------------------------
// Arbitraries: JSON documents shaped like the audited views (nested settings objects, arrays of agent
// ids, primitives, null), with keys drawn mostly from a small pool so that `before` and `after` share
// keys and the diff has something to compare. The pool holds keys that need RFC 6901 escaping and keys
// that collide with Object.prototype members.
// ---------------------------------------------------------------------------------------------------

const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('name', 'settings', 'agentIds', 'enabled', 'a', 'b') },
  { weight: 3, arbitrary: fc.constantFrom('a/b', '~x', '~01', '/', '', 'toString', 'constructor', '__proto__', 'hasOwnProperty') },
  { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
);

/** JSON numbers only: no NaN/Infinity, and no -0 (JSON cannot tell it from 0). */
const jsonNumber = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
);

const leaf = fc.oneof(fc.constant(null), fc.boolean(), jsonNumber, fc.string({ maxLength: 6 }));
const agentIds = fc.array(fc.constantFrom('u01', 'u02', 'u03', 'u04'), { maxLength: 4 });

const { doc: jsonObject } = fc.letrec<{ value: unknown; doc: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, agentIds, tie('doc'), fc.array(tie('value'), { maxLength: 3 })),
  doc: fc.dictionary(key, tie('value'), { maxKeys: 5, noNullPrototype: true }),
}));

/** Documents shaped like an audited widget view: fixed nesting, so two of them differ deep down. */
const tri = fc.constantFrom('off', 'optional', 'required');
const viewLike = fc.record(
  {
    name: fc.constantFrom('Support', 'Sales'),
    settings: fc.record(
      {
        maxConcurrentChats: fc.integer({ min: 1, max: 3 }),
        offlineForm: fc.record({ enabled: fc.boolean(), alwaysOffline: fc.boolean() }, { requiredKeys: [], noNullPrototype: true }),
        preChat: fc.record({ askName: tri, askEmail: tri }, { requiredKeys: [], noNullPrototype: true }),
        'a/b': fc.record({ '~x': leaf, toString: fc.boolean() }, { requiredKeys: [], noNullPrototype: true }),
        greeting: fc.option(fc.constantFrom('Hi', 'Hello')),
      },
      { requiredKeys: [], noNullPrototype: true },
    ),
    agentIds,
  },
  { requiredKeys: [], noNullPrototype: true },
) as fc.Arbitrary<Record<string, unknown>>;

/** An `after` that is usually a small edit of `before`, sometimes an unrelated document. */
const beforeAfter = fc.oneof(
  fc.tuple(jsonObject, jsonObject),
  fc.tuple(viewLike, viewLike),
  jsonObject.chain((before) =>
    fc.tuple(
      fc.constant(before),
      fc
        .array(fc.tuple(fc.array(key, { minLength: 1, maxLength: 3 }), fc.option(fc.oneof(leaf, agentIds, jsonObject))), {
          maxLength: 4,
        })
        .map((edits) => edits.reduce<unknown>((doc, [segs, v]) => setPath(doc, segs, v), before) as Record<string, unknown>),
    ),
  ),
);

/** Sets (or, for null from fc.option, removes) a nested key with own-property semantics. */
function setPath(doc: unknown, segs: readonly string[], value: unknown): unknown {
  const base: Record<string, unknown> =
    typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? { ...(doc as Record<string, unknown>) } : {};
  const [head, ...rest] = segs as [string, ...string[]];
  if (rest.length === 0) {
    if (value === null) delete base[head];
    else Object.defineProperty(base, head, { value, enumerable: true, writable: true, configurable: true });
    return base;
  }
  const child = Object.hasOwn(base, head) ? base[head] : undefined;
  Object.defineProperty(base, head, { value: setPath(child, rest, value), enumerable: true, writable: true, configurable: true });
  return base;
}

/** Pointers to keys holding `undefined` (toEqual ignores them; a stored document would keep them). */
const undefinedKeys = (v: unknown, at = ''): string[] =>
  typeof v !== 'object' || v === null
    ? []
    : Object.keys(v).flatMap((k) => {
        const x = (v as Record<string, unknown>)[k];
        return x === undefined ? [`${at}/${k}`] : undefinedKeys(x, `${at}/${k}`);
      });

const runs = { numRuns: 1000 };

describe('diff: laws (property-based)', () => {
  it('applying diff(before, after) to before gives after', () => {
    fc.assert(
      fc.property(beforeAfter, ([before, after]) => {
        const applied = applyChanges(before, diff(before, after));
        expect(deepEqual(applied, after)).toBe(true);
        expect(applied).toEqual(after);
        expect(undefinedKeys(applied)).toEqual([]); // removed fields are gone, not set to undefined
      }),
      runs,
    );
  });

  it('reverting diff(before, after) from after gives before', () => {
    fc.assert(
      fc.property(beforeAfter, ([before, after]) => {
        const reverted = revertChanges(after, diff(before, after));
        expect(deepEqual(reverted, before)).toBe(true);
        expect(reverted).toEqual(before);
        expect(undefinedKeys(reverted)).toEqual([]); // an added field is removed, not set to undefined
      }),
      runs,
    );
  });

  it('finds nothing between a document and itself (or a deep copy of it)', () => {
    fc.assert(
      fc.property(jsonObject, (x) => {
        expect(diff(x, x)).toEqual([]);
        expect(diff(x, structuredClone(x))).toEqual([]);
      }),
      runs,
    );
  });

  it('is empty exactly when the documents are deep-equal', () => {
    fc.assert(
      fc.property(beforeAfter, ([before, after]) => {
        expect(diff(before, after).length === 0).toBe(deepEqual(before, after));
      }),
      runs,
    );
  });

  it('reports sorted, unique paths, none of which is inside another', () => {
    fc.assert(
      fc.property(beforeAfter, ([before, after]) => {
        const paths = diff(before, after).map((c) => c.path);
        expect(paths).toEqual([...paths].sort());
        expect(new Set(paths).size).toBe(paths.length);
        for (const p of paths) for (const q of paths) if (p !== q) expect(q.startsWith(`${p}/`)).toBe(false);
      }),
      runs,
    );
  });

  it('is the mirror image of diff(after, before)', () => {
    fc.assert(
      fc.property(beforeAfter, ([before, after]) => {
        const forward = diff(before, after);
        const backward = diff(after, before);
        const swap = (c: FieldChange): FieldChange => ({
          path: c.path,
          ...('to' in c ? { from: c.to } : {}),
          ...('from' in c ? { to: c.from } : {}),
        });
        expect(backward).toEqual(forward.map(swap));
      }),
      runs,
    );
  });

  it('never records an array partially: every array value in a change is whole', () => {
    fc.assert(
      fc.property(beforeAfter, ([before, after]) => {
        for (const c of diff(before, after)) {
          // A path never goes through an array: every segment's parent is a plain object on some side.
          const segs = fromPointer(c.path);
          let b: unknown = before;
          let a: unknown = after;
          for (const s of segs.slice(0, -1)) {
            expect(Array.isArray(b) && Array.isArray(a)).toBe(false);
            b = isObj(b) && Object.hasOwn(b, s) ? b[s] : undefined;
            a = isObj(a) && Object.hasOwn(a, s) ? a[s] : undefined;
          }
        }
      }),
      runs,
    );
  });

  it('finds no drift right after the change, and reports a change as drifted once its field moves on', () => {
    fc.assert(
      fc.property(beforeAfter, ([before, after]) => {
        const changes = diff(before, after);
        expect(driftedSince(after, changes)).toEqual([]);
        // Reverting everything makes every change drift (its `to` side is gone).
        expect(driftedSince(before, changes)).toEqual(changes);
      }),
      runs,
    );
  });
});

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

describe('diff: the path format', () => {
  it('reports a changed nested setting at its deepest key, with from and to', () => {
    const before = { name: 'Support', settings: { offlineForm: { enabled: true, alwaysOffline: false } } };
    const after = { name: 'Support', settings: { offlineForm: { enabled: false, alwaysOffline: false } } };
    expect(diff(before, after)).toEqual([{ path: '/settings/offlineForm/enabled', from: true, to: false }]);
  });

  it('records arrays whole, such as a widget agent list', () => {
    expect(diff({ agentIds: ['u01', 'u02'] }, { agentIds: ['u01', 'u03'] })).toEqual([
      { path: '/agentIds', from: ['u01', 'u02'], to: ['u01', 'u03'] },
    ]);
  });

  it('treats a reordered array as a change (array order matters)', () => {
    expect(diff({ a: ['x', 'y'] }, { a: ['y', 'x'] })).toEqual([{ path: '/a', from: ['x', 'y'], to: ['y', 'x'] }]);
  });

  it('records an added field without from, and a removed one without to', () => {
    const changes = diff({ old: 1 }, { added: { x: 1 } });
    expect(changes).toEqual([
      { path: '/added', to: { x: 1 } },
      { path: '/old', from: 1 },
    ]);
    expect('from' in changes[0]!).toBe(false);
    expect('to' in changes[1]!).toBe(false);
  });

  it('treats a key holding undefined as absent', () => {
    expect(diff({ a: undefined, b: 1 }, { b: 1 })).toEqual([]);
    expect(diff({ b: 1 }, { a: undefined, b: 1 })).toEqual([]);
    expect(diff({ a: undefined }, { a: 2 })).toEqual([{ path: '/a', to: 2 }]);
  });

  it('records null as a value (set to null is a change, not a removal)', () => {
    expect(diff({ a: 1 }, { a: null })).toEqual([{ path: '/a', from: 1, to: null }]);
  });

  it('records a type change (object to primitive) at the key, with both whole values', () => {
    expect(diff({ a: { b: 1 } }, { a: 'flat' })).toEqual([{ path: '/a', from: { b: 1 }, to: 'flat' }]);
  });

  it('escapes keys with ~0 and ~1 in paths', () => {
    expect(diff({ 'a/b': { '~x': 1 } }, { 'a/b': { '~x': 2 } })).toEqual([{ path: '/a~1b/~0x', from: 1, to: 2 }]);
  });

  it('sorts changes by path', () => {
    const changes = diff({ z: 1, a: 1, m: { b: 1, a: 1 } }, { z: 2, a: 2, m: { b: 2, a: 2 } });
    expect(changes.map((c) => c.path)).toEqual(['/a', '/m/a', '/m/b', '/z']);
  });

  it('ignores key order', () => {
    expect(diff({ a: 1, b: { c: 1, d: 2 } }, { b: { d: 2, c: 1 }, a: 1 })).toEqual([]);
  });

  it('does not mistake inherited members such as toString for fields', () => {
    expect(diff({}, { toString: 'x' })).toEqual([{ path: '/toString', to: 'x' }]);
    expect(diff({ constructor: 1 }, {})).toEqual([{ path: '/constructor', from: 1 }]);
  });
});

describe('applyChanges / revertChanges', () => {
  it('applies and reverts additions, removals and updates', () => {
    const before = { name: 'A', settings: { greeting: 'Hi', language: 'en' } };
    const after = { name: 'B', settings: { language: 'de', maxConcurrentChats: 3 } };
    const changes = diff(before, after);
    expect(applyChanges(before, changes)).toEqual(after);
    expect(revertChanges(after, changes)).toEqual(before);
  });

  it('removes an added field on revert and a removed field on apply, rather than setting it to undefined', () => {
    const changes = diff({ keep: 1, gone: 2 }, { keep: 1, added: 3 });
    expect(Object.keys(revertChanges({ keep: 1, added: 3 }, changes) as object).sort()).toEqual(['gone', 'keep']);
    expect(Object.keys(applyChanges({ keep: 1, gone: 2 }, changes) as object).sort()).toEqual(['added', 'keep']);
  });

  it('does not modify its input', () => {
    const before = { settings: { greeting: 'Hi' } };
    const after = { settings: { greeting: 'Hello' } };
    const snapshot = structuredClone(before);
    applyChanges(before, diff(before, after));
    expect(before).toEqual(snapshot);
  });
});

describe('deepEqual', () => {
  it('ignores key order and undefined-valued keys, but not array order', () => {
    expect(deepEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
  });

  it('tells arrays from objects and null from objects', () => {
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual({ a: null }, { a: {} })).toBe(false);
  });

  it('does not count inherited members as fields', () => {
    expect(deepEqual({ toString: 1 }, {})).toBe(false);
    expect(deepEqual({ a: 1, toString: undefined }, { a: 1, valueOf: undefined })).toBe(true);
  });
});

describe('driftedSince', () => {
  const changes = diff(
    { name: 'Old', settings: { greeting: 'Hi', language: 'en' }, agentIds: ['u01'] },
    { name: 'New', settings: { language: 'en', maxConcurrentChats: 5 }, agentIds: ['u01', 'u02'] },
  );

  it('is empty while the document still holds every `to` value', () => {
    const doc = { name: 'New', settings: { language: 'en', maxConcurrentChats: 5 }, agentIds: ['u01', 'u02'] };
    expect(driftedSince(doc, changes)).toEqual([]);
  });

  it('lists an updated field that was changed again', () => {
    const doc = { name: 'Newer', settings: { language: 'en', maxConcurrentChats: 5 }, agentIds: ['u01', 'u02'] };
    expect(driftedSince(doc, changes).map((c) => c.path)).toEqual(['/name']);
  });

  it('lists an added field that was removed since, and a removed field that came back', () => {
    const doc = { name: 'New', settings: { language: 'en', greeting: 'Back' }, agentIds: ['u01', 'u02'] };
    expect(driftedSince(doc, changes).map((c) => c.path)).toEqual(['/settings/greeting', '/settings/maxConcurrentChats']);
  });

  it('compares arrays whole', () => {
    const doc = { name: 'New', settings: { language: 'en', maxConcurrentChats: 5 }, agentIds: ['u02', 'u01'] };
    expect(driftedSince(doc, changes).map((c) => c.path)).toEqual(['/agentIds']);
  });
});

describe('redactChanges', () => {
  it('strips the values of a secret field at any depth and marks it redacted', () => {
    const changes = diff(
      { integrations: { openApi: { url: 'https://a', secret: 'old-s3cret' } } },
      { integrations: { openApi: { url: 'https://b', secret: 'new-s3cret' } } },
    );
    const redacted = redactChanges(changes, SECRET_KEYS);
    expect(redacted).toEqual([
      { path: '/integrations/openApi/secret', redacted: true },
      { path: '/integrations/openApi/url', from: 'https://a', to: 'https://b' },
    ]);
    expect(JSON.stringify(redacted)).not.toContain('s3cret');
  });

  it('redacts top-level secrets such as a password', () => {
    expect(redactChanges([{ path: '/password', from: 'a', to: 'b' }], SECRET_KEYS)).toEqual([{ path: '/password', redacted: true }]);
  });

  it('matches unescaped segments, so an escaped secret key is still found', () => {
    expect(redactChanges([{ path: '/a~1b/token', to: 'x' }], SECRET_KEYS)).toEqual([{ path: '/a~1b/token', redacted: true }]);
    expect(redactChanges([{ path: '/x~1y', to: 'x' }], new Set(['x/y']))).toEqual([{ path: '/x~1y', redacted: true }]);
  });

  it('does not leak a secret held inside an added or removed object', () => {
    // The whole `integrations` object is new, so diff records it at `/integrations`: the secret is
    // inside the value, not in the path.
    const added = redactChanges(diff({}, { integrations: { openApi: { url: 'https://a', secret: 's3cret' } } }), SECRET_KEYS);
    const removed = redactChanges(diff({ integrations: { openApi: { secret: 's3cret' } } }, {}), SECRET_KEYS);
    const inArray = redactChanges([{ path: '/hooks', to: [{ url: 'https://a', token: 's3cret' }] }], SECRET_KEYS);
    for (const r of [added, removed, inArray]) {
      expect(JSON.stringify(r)).not.toContain('s3cret');
      expect(r.every((c) => c.redacted === true && !('from' in c) && !('to' in c))).toBe(true);
    }
  });

  it('leaves non-secret changes untouched', () => {
    const changes: FieldChange[] = [
      { path: '/name', from: 'a', to: 'b' },
      { path: '/settings/secretary', to: 'Bob' },
    ];
    expect(redactChanges(changes, SECRET_KEYS)).toEqual(changes);
  });

  it('never lets a secret value through, whatever the documents (property)', () => {
    const secretDoc = jsonObject.chain((d) =>
      fc
        .tuple(fc.array(key, { maxLength: 2 }), fc.constantFrom(...SECRET_KEYS))
        .map(([segs, k]) => setPath(d, [...segs, k], 'SECRET-VALUE-42') as Record<string, unknown>),
    );
    fc.assert(
      fc.property(jsonObject, secretDoc, fc.boolean(), (plain, withSecret, forward) => {
        const changes = forward ? diff(plain, withSecret) : diff(withSecret, plain);
        expect(JSON.stringify(redactChanges(changes, SECRET_KEYS))).not.toContain('SECRET-VALUE-42');
      }),
      runs,
    );
  });
});
