import { describe, expect, it } from 'vitest';
import { mayDeleteChat, retentionDaysError, retentionDaysValue } from './chat-deletion.js';

describe('deleting a chat', () => {
  it('is for owners and admins, and only once the chat has ended', () => {
    for (const role of ['owner', 'admin'] as const) {
      for (const status of ['closed', 'abandoned', 'offline'] as const) expect(mayDeleteChat({ role }, { status })).toBe(true);
      for (const status of ['queued', 'active'] as const) expect(mayDeleteChat({ role }, { status })).toBe(false);
    }
    for (const role of ['supervisor', 'agent'] as const) expect(mayDeleteChat({ role }, { status: 'closed' })).toBe(false);
    expect(mayDeleteChat(null, { status: 'closed' })).toBe(false);
    expect(mayDeleteChat(undefined, { status: 'closed' })).toBe(false);
  });
});

describe('the retention of ended chats', () => {
  it('takes nothing (keep forever) or a whole number of days from 30 to 3650', () => {
    for (const ok of ['', '  ', '30', '365', ' 400 ', '3650']) expect(retentionDaysError(ok), ok).toBeUndefined();
    for (const bad of ['5', '29', '3651', '36.5', '-40', '1e3', 'a year', '0x40'])
      expect(retentionDaysError(bad), bad).toBe('Enter a whole number of days from 30 to 3650, or leave it empty to keep chats forever.');
  });

  it('refuses what the browser could not read as a number, though the field then reads empty', () => {
    expect(retentionDaysError('', { unreadable: true })).toMatch(/^Enter a whole number/);
    expect(retentionDaysError('7', { limits: { min: 1, max: 10 } })).toBeUndefined();
  });

  it('sends null for an empty field and the number otherwise', () => {
    expect(retentionDaysValue('')).toBeNull();
    expect(retentionDaysValue(' ')).toBeNull();
    expect(retentionDaysValue(' 400 ')).toBe(400);
  });
});
