import { describe, expect, it } from 'vitest';
import {
  exportedText,
  exportFileName,
  forgottenText,
  mayDeleteChat,
  mayHandleVisitorData,
  retentionDaysError,
  retentionDaysValue,
  visitorDataBody,
} from './chat-deletion.js';

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

describe('forgetting a visitor', () => {
  const key = 'UmV0dXJuaW5nIGJyb3dzZXI';

  it('sends the e-mail address and the browser key the chat has, and only those', () => {
    expect(visitorDataBody({ email: 'Fiona@Example.org', key })).toEqual({ email: 'Fiona@Example.org', visitorKey: key });
    expect(visitorDataBody({ email: ' fiona@example.org ', key: null })).toEqual({ email: 'fiona@example.org' });
    expect(visitorDataBody({ email: null, key })).toEqual({ visitorKey: key });
    expect(visitorDataBody({ email: '  ', key: '' })).toEqual({});
    expect(visitorDataBody({})).toEqual({});
  });

  it('is for owners and admins, of a visitor with an e-mail address or a browser key', () => {
    for (const role of ['owner', 'admin'] as const) {
      expect(mayHandleVisitorData({ role }, { email: 'fiona@example.org' })).toBe(true);
      expect(mayHandleVisitorData({ role }, { key })).toBe(true);
      expect(mayHandleVisitorData({ role }, { email: null, key: null })).toBe(false);
    }
    for (const role of ['supervisor', 'agent'] as const)
      expect(mayHandleVisitorData({ role }, { email: 'fiona@example.org', key })).toBe(false);
    expect(mayHandleVisitorData(null, { key })).toBe(false);
    expect(mayHandleVisitorData(undefined, { key })).toBe(false);
  });

  it('says how many chats were deleted, and how many are still open and must end first', () => {
    expect(forgottenText({ deleted: 3, open: 0 })).toBe('Deleted 3 chats of this visitor.');
    expect(forgottenText({ deleted: 1, open: 0 })).toBe('Deleted 1 chat of this visitor.');
    expect(forgottenText({ deleted: 3, open: 1 })).toBe(
      'Deleted 3 chats of this visitor. 1 chat is still open: end it, then forget the visitor again.',
    );
    expect(forgottenText({ deleted: 0, open: 2 })).toBe(
      'No ended chat of this visitor was left to delete. 2 chats are still open: end them, then forget the visitor again.',
    );
    expect(forgottenText({ deleted: 0, open: 0 })).toBe('No ended chat of this visitor was left to delete.');
  });
});

describe('exporting a visitor’s data', () => {
  it('names the file by the day it was exported, as the server does', () => {
    expect(exportFileName('2026-12-07T05:01:02.345Z')).toBe('parley-visitor-2026-12-07.json');
  });

  it('says how many chats the file holds and its name', () => {
    expect(exportedText(3, 'parley-visitor-2026-12-07.json')).toBe('Saved 3 chats of this visitor to parley-visitor-2026-12-07.json.');
    expect(exportedText(1, 'a.json')).toBe('Saved 1 chat of this visitor to a.json.');
    expect(exportedText(0, 'a.json')).toBe('No chat of this visitor is stored any more.');
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
