import { describe, expect, it } from 'vitest';
import { cannedTrigger, fillPlaceholders, insertCanned, rankCanned, type CannedResponse } from './canned.js';

const response = (shortcut: string, title = shortcut, text = `${shortcut} text`): CannedResponse =>
  ({ id: shortcut, accountId: 'a', shortcut, title, text, widgetId: null, createdAt: '', updatedAt: '', version: 1 }) as CannedResponse;

describe('canned responses in the reply box', () => {
  it('opens on / or # followed by letters, at the start of the reply or after a space', () => {
    expect(cannedTrigger('/ref', 4)).toEqual({ start: 0, end: 4, query: 'ref' });
    expect(cannedTrigger('Sure. #ship', 11)).toEqual({ start: 6, end: 11, query: 'ship' });
    expect(cannedTrigger('Sure.\n/thanks', 13)?.query).toBe('thanks');
    expect(cannedTrigger('/ref and more', 4)?.query).toBe('ref'); // the caret decides, not the end of the text
  });

  it('does not open for a lone / or #, inside a word, or once a space follows the shortcut', () => {
    expect(cannedTrigger('/', 1)).toEqual({ start: 0, end: 1, query: '' }); // every response, before a letter is typed
    expect(cannedTrigger('Sure. /', 7)?.query).toBe('');
    expect(cannedTrigger('and/or', 6)).toBeNull();
    expect(cannedTrigger('issue#12', 8)).toBeNull();
    expect(cannedTrigger('/ref ', 5)).toBeNull();
  });

  it('lists shortcuts beginning with the query first, then containing it, then the other matches', () => {
    const items = [
      response('thanks', 'Thank you'),
      response('refund'),
      response('myref'),
      response('ref-policy'),
      response('bye', 'Bye', 'See the refund page'),
    ];
    expect(rankCanned(items, 'Ref').map((r) => r.shortcut)).toEqual(['ref-policy', 'refund', 'myref', 'bye', 'thanks']);
  });

  it('offers a widget’s own response in place of the account-wide one of the same shortcut', () => {
    const everywhere = response('hello', 'Greeting');
    const sales = { ...response('hello', 'Sales hello'), id: 'sales-hello', widgetId: 'sales' } as CannedResponse;
    expect(rankCanned([everywhere, response('bye'), sales], 'hel').map((r) => r.title)).toEqual(['Sales hello', 'bye']);
  });

  it('fills in every {visitor.name} and {agent.name}', () => {
    expect(fillPlaceholders('Hi {visitor.name}, {agent.name} here. Bye {visitor.name}!', { visitor: 'Vera', agent: 'Ann' })).toBe(
      'Hi Vera, Ann here. Bye Vera!',
    );
  });

  it('leaves an unknown name out with the space before it, and other braces alone', () => {
    expect(fillPlaceholders('Hi {visitor.name}, I am {agent.name} {order.id}', { visitor: ' ', agent: 'Ann' })).toBe(
      'Hi, I am Ann {order.id}',
    );
  });

  it('replaces what was typed for the response and puts the caret after it', () => {
    const text = 'Hello! /thx and more';
    const at = cannedTrigger(text, 11)!;
    expect(insertCanned(text, at, 'Thank you.')).toEqual({ text: 'Hello! Thank you. and more', caret: 17 });
  });
});
