import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../model/audit.js';
import { GENESIS_HASH } from '../model/audit.js';
import { canonicalJson, chainedText } from './chain.js';

/** Rebuilds `value` with every object's keys inserted in a shuffled order. */
const shuffledKeys = (value: unknown, rnd: () => number): unknown => {
  if (Array.isArray(value)) return value.map((v) => shuffledKeys(v, rnd));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(out, k, { value: shuffledKeys(v, rnd), enumerable: true, writable: true, configurable: true });
  return out;
};

describe('canonicalJson', () => {
  it('sorts object keys and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,2]},"b":1}');
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        let s = seed;
        const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
        expect(canonicalJson(shuffledKeys(value, rnd))).toBe(canonicalJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it('is valid JSON that parses back to an equal value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('drops keys whose value is undefined', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ nested: { x: undefined } })).toBe('{"nested":{}}');
  });

  it('writes undefined and undefined array items as null, like JSON', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([1, undefined])).toBe('[1,null]');
  });

  it('keeps null values (null is not absence)', () => {
    expect(canonicalJson({ a: null })).toBe('{"a":null}');
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('keeps array order', () => {
    expect(canonicalJson(['b', 'a'])).not.toBe(canonicalJson(['a', 'b']));
  });

  it('escapes strings and keys as JSON does', () => {
    expect(canonicalJson({ 'a"b': 'line\nbreak' })).toBe('{"a\\"b":"line\\nbreak"}');
  });
});

const entry: Omit<AuditEntry, 'hash'> = {
  id: 'e1',
  accountId: 'acc1',
  seq: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  actor: { kind: 'user', userId: 'u1', email: 'a@example.com', ip: '127.0.0.1', userAgent: 'test' },
  type: 'widget',
  action: 'widget.updated',
  targetType: 'widget',
  targetId: 'w1',
  widgetId: 'w1',
  changes: [{ path: '/name', from: 'A', to: 'B' }],
  revertOf: null,
  revertible: true,
  prevHash: GENESIS_HASH,
};

describe('chainedText', () => {
  it('is canonical JSON of the entry with a format version', () => {
    const parsed = JSON.parse(chainedText(entry)) as Record<string, unknown>;
    expect(parsed).toEqual({ v: 1, ...entry });
    expect(chainedText(entry)).toBe(canonicalJson({ v: 1, ...entry }));
  });

  it('does not depend on the order of the entry fields', () => {
    const reordered = Object.fromEntries(Object.entries(entry).reverse()) as unknown as Omit<AuditEntry, 'hash'>;
    expect(chainedText(reordered)).toBe(chainedText(entry));
  });

  it('ignores the hash itself', () => {
    const withHash = { ...entry, hash: 'f'.repeat(64) } as Omit<AuditEntry, 'hash'>;
    expect(chainedText(withHash)).toBe(chainedText(entry));
  });

  const variants: [string, Partial<Omit<AuditEntry, 'hash'>>][] = [
    ['id', { id: 'e2' }],
    ['accountId', { accountId: 'acc2' }],
    ['seq', { seq: 2 }],
    ['createdAt', { createdAt: '2026-01-01T00:00:00.001Z' }],
    ['actor.userId', { actor: { ...entry.actor, userId: 'u2' } }],
    ['actor.kind', { actor: { ...entry.actor, kind: 'system' } }],
    ['actor.email', { actor: { ...entry.actor, email: 'b@example.com' } }],
    ['actor.ip', { actor: { ...entry.actor, ip: null } }],
    ['actor.userAgent', { actor: { ...entry.actor, userAgent: 'other' } }],
    ['type', { type: 'permissions' }],
    ['action', { action: 'widget.deleted' }],
    ['targetType', { targetType: 'widget_agents' }],
    ['targetId', { targetId: 'w2' }],
    ['widgetId', { widgetId: null }],
    ['changes (value)', { changes: [{ path: '/name', from: 'A', to: 'C' }] }],
    ['changes (path)', { changes: [{ path: '/title', from: 'A', to: 'B' }] }],
    ['changes (redacted)', { changes: [{ path: '/name', redacted: true }] }],
    ['changes (empty)', { changes: [] }],
    ['revertOf', { revertOf: 'e0' }],
    ['revertible', { revertible: false }],
    ['prevHash', { prevHash: 'a'.repeat(64) }],
  ];

  it.each(variants)('changes when %s changes', (_field, patch) => {
    expect(chainedText({ ...entry, ...patch })).not.toBe(chainedText(entry));
  });
});
