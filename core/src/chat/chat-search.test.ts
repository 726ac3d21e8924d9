import { describe, expect, it } from 'vitest';
import { matchesTerms, matchOf, searchTerms, snippetOf, SEARCH_MAX_TERMS } from './chat-search.js';
import type { Chat } from '../model/chat.js';

const chatWith = (name: string | null, email: string | null): Chat => ({ visitor: { name, email } }) as unknown as Chat;

describe('chat search', () => {
  it('cuts a query into distinct words of letters and digits, without case or accents', () => {
    expect(searchTerms('  Rückerstattung, REFUND! refund #42 ')).toEqual(['ruckerstattung', 'refund', '42']);
    expect(searchTerms('jose@example.com')).toEqual(['jose', 'example', 'com']);
    expect(searchTerms('"+-*~<>()')).toEqual([]);
    expect(searchTerms(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toHaveLength(SEARCH_MAX_TERMS);
  });

  it('matches a text when every term begins one of its words', () => {
    expect(matchesTerms('I would like a Refund, please', ['refu', 'plea'])).toBe(true);
    expect(matchesTerms('Café crème', ['cafe', 'creme'])).toBe(true);
    expect(matchesTerms('I would like a refund', ['fund'])).toBe(false);
    expect(matchesTerms('I would like a refund', ['refund', 'zebra'])).toBe(false);
    expect(matchesTerms('anything', [])).toBe(false);
  });

  it('shows the text around the first hit, marking what was cut', () => {
    const long = `${'word '.repeat(30)}the refund arrived ${'more '.repeat(30)}`;
    const snippet = snippetOf(long, ['refund']);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('the refund arrived');
    expect(snippetOf('Short\n\n  refund  text', ['refund'])).toBe('Short refund text');
    expect(snippetOf('no hit here', ['zebra'])).toBe('no hit here');
  });

  it('says which visitor field matched when no message did', () => {
    expect(matchOf({ chat: chatWith('Olaf Ölberg', 'olaf@shop.example'), message: null }, ['shop'])).toEqual({
      field: 'visitorEmail',
      snippet: 'olaf@shop.example',
    });
    expect(matchOf({ chat: chatWith('Olaf Ölberg', 'olaf@shop.example'), message: null }, ['olaf'])).toEqual({
      field: 'visitorName',
      snippet: 'Olaf Ölberg',
    });
    expect(matchOf({ chat: chatWith('Olaf Ölberg', 'olaf@shop.example'), message: 'a refund' }, ['refund'])).toEqual({
      field: 'message',
      snippet: 'a refund',
    });
  });
});
