import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AgentCursor, decodeAgentCursor, encodeAgentCursor, NO_AGENT_CURSOR } from './chat-feed.js';

const uuid = '0193b6f2-7c1e-7a3b-9c4d-5e6f7a8b9c0d';
const since = '2026-01-01T00:00:00.000Z';
const cursor = (entries: readonly (readonly [string, number])[], at: string | null = since): AgentCursor => ({
  chats: new Map(entries),
  since: at,
});
/** The cursor as consoles before the compact form wrote it, which a reconnect may still send. */
const longForm = (c: AgentCursor): string =>
  [...[...c.chats].map(([id, seq]) => `${id}:${seq}`), ...(c.since === null ? [] : [`~${Date.parse(c.since)}`])].join(',');

describe('the agent stream cursor', () => {
  it('writes a UUID chat id in 22 characters and its seq in base 36, and reads it back', () => {
    const text = encodeAgentCursor(cursor([[uuid, 1234]]));
    expect(text).toMatch(/^[A-Za-z0-9_-]{22}ya,~1767225600000$/); // 1234 is "ya" in base 36
    expect(decodeAgentCursor(text)).toEqual(cursor([[uuid, 1234]]));
  });

  it('is about a third shorter than `<chatId>:<seq>` for an agent with 50 chats', () => {
    const c = cursor(Array.from({ length: 50 }, (_, i) => [crypto.randomUUID(), 20 + i] as const));
    expect(encodeAgentCursor(c).length).toBeLessThan(longForm(c).length * 0.7);
  });

  it('reads any mix of UUID and other ids, in both forms, back to the same cursor', () => {
    const ids = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(ids, fc.integer({ min: 0, max: 999_999_999_999 })), { selector: ([id]) => id, maxLength: 20 }),
        fc.option(fc.integer({ min: 0, max: 4_102_444_800_000 }), { nil: null }),
        (entries, ms) => {
          const c = cursor(entries, ms === null ? null : new Date(ms).toISOString());
          const expected = entries.length === 0 && ms === null ? NO_AGENT_CURSOR : c;
          expect(decodeAgentCursor(encodeAgentCursor(c))).toEqual(expected);
          if (entries.length > 0 || ms !== null) expect(decodeAgentCursor(longForm(c))).toEqual(c);
        },
      ),
    );
  });

  it('counts a compact entry that is not one as a fresh start', () => {
    const good = encodeAgentCursor(cursor([[uuid, 7]], null));
    const compact = good.slice(0, 22);
    const lastChar = compact.at(-1)!;
    // The last character carries 2 bits of the id and 4 zero bits: one with any of those set is no UUID's.
    const padded = compact.slice(0, 21) + String.fromCharCode(lastChar.charCodeAt(0) + 1);
    for (const bad of [
      `${compact.slice(1)}7`, // 21 characters and a seq
      `${compact}`, // no seq
      `${padded}7`,
      `${compact}zzzzzzzz`, // a seq past 999,999,999,999
      `${compact}7A`, // a seq in upper case
      `${compact}7,${compact.replace(/./, '!')}7`,
    ])
      expect(decodeAgentCursor(bad)).toEqual(NO_AGENT_CURSOR);
  });
});
