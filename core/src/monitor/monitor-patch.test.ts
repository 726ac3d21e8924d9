import fc from 'fast-check';
import jsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { monitorPatch } from './monitor-patch.js';

/** Applies a patch with an independent RFC 6902 implementation, validating every operation. */
const apply = (doc: unknown, ops: ReturnType<typeof monitorPatch>): unknown =>
  jsonPatch.applyPatch(structuredClone(doc), json(ops) as jsonPatch.Operation[], true, true).newDocument;

/** What JSON keeps of a value (keys holding `undefined` are dropped). */
const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const leaf = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y', 'a/b', '~1'));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const chat = (key: 'chatId' | 'userId') =>
  fc.record({
    [key]: ids,
    seconds: fc.integer({ min: 0, max: 3 }),
    name: maybe(leaf),
    visitor: fc.record({ city: leaf, tags: fc.array(leaf, { maxLength: 3 }) }),
  });
const list = (key: 'chatId' | 'userId') => fc.uniqueArray(chat(key), { selector: (e) => e[key], maxLength: 5 });
const widgetArb = fc.record({
  id: ids,
  name: fc.constantFrom('Support', 'Sales'),
  queue: list('chatId'),
  active: list('chatId'),
  agents: list('userId'),
  /** A list whose entries have no key, and one whose keys repeat: replaced whole when they differ. */
  plain: fc.array(leaf, { maxLength: 3 }),
  twice: fc.array(fc.record({ id: fc.constantFrom('a', 'b') }), { maxLength: 3 }),
  'odd/key~': maybe(leaf),
});
const view = fc.record({
  generatedAt: fc.constantFrom('2026-03-01T12:00:00.000Z', '2026-03-01T12:00:01.000Z'),
  widgets: fc.uniqueArray(widgetArb, { selector: (w) => w.id, maxLength: 4 }),
});

describe('monitorPatch', () => {
  it('turns one view into the other when applied by an RFC 6902 implementation', () => {
    fc.assert(
      fc.property(view, view, (a, b) => {
        expect(apply(json(a), monitorPatch(a, b))).toEqual(json(b));
      }),
      { numRuns: 500 },
    );
  });

  it('is empty between equal views', () => {
    fc.assert(
      fc.property(view, (a) => {
        expect(monitorPatch(a, structuredClone(a))).toEqual([]);
      }),
    );
  });

  const q = (chatId: string, seconds: number) => ({ chatId, seconds, question: 'Hello there, I have a question about my order' });

  it('removes a chat that left the head of a queue with one operation, not a rewrite of the entries after it', () => {
    const before = { widgets: [{ id: 'w', queue: [q('c1', 30), q('c2', 20), q('c3', 10)] }] };
    const after = { widgets: [{ id: 'w', queue: [q('c2', 20), q('c3', 10)] }] };
    expect(monitorPatch(before, after)).toEqual([{ op: 'remove', path: '/widgets/0/queue/0' }]);
  });

  it('adds a new chat at its place, and patches the entries that stay field by field', () => {
    const before = { widgets: [{ id: 'w', queue: [q('c1', 30), q('c3', 10)] }] };
    const after = { widgets: [{ id: 'w', queue: [q('c1', 31), q('c2', 21), q('c3', 11)] }] };
    expect(monitorPatch(before, after)).toEqual([
      { op: 'add', path: '/widgets/0/queue/1', value: q('c2', 21) },
      { op: 'replace', path: '/widgets/0/queue/0/seconds', value: 31 },
      { op: 'replace', path: '/widgets/0/queue/2/seconds', value: 11 },
    ]);
  });

  it('replaces a list whose entries changed their order', () => {
    const before = {
      agents: [
        { userId: 'u1', status: 'online' },
        { userId: 'u2', status: 'online' },
      ],
    };
    const after = {
      agents: [
        { userId: 'u2', status: 'online' },
        { userId: 'u1', status: 'offline' },
      ],
    };
    expect(monitorPatch(before, after)).toEqual([{ op: 'replace', path: '/agents', value: after.agents }]);
  });

  it('escapes keys as JSON Pointer segments and treats undefined as absent', () => {
    const before = { visitor: { 'a/b': 1, '~c': 2, gone: 3, none: undefined } };
    const after = { visitor: { 'a/b': 2, '~c': 2, none: undefined, added: undefined, fresh: null } };
    expect(monitorPatch(before, after)).toEqual([
      { op: 'remove', path: '/visitor/gone' },
      { op: 'replace', path: '/visitor/a~1b', value: 2 },
      { op: 'add', path: '/visitor/fresh', value: null },
    ]);
  });
});
