import { describe, expect, it } from 'vitest';
import { type Colleague, colleagueUnavailable } from './colleague-availability.js';

const colleague = (c: Partial<Colleague>): Colleague => ({
  userId: 'u1',
  name: 'Bob',
  status: 'online',
  activeChats: 0,
  freeSlots: 1,
  ...c,
});

describe('why a colleague cannot take a transferred chat', () => {
  it('says they are at their limit with how many chats of how many, or offline or paused, in words', () => {
    expect(colleagueUnavailable(colleague({ activeChats: 1, freeSlots: 0 }))).toBe('At their limit (1 of 1 chats)');
    expect(colleagueUnavailable(colleague({ status: 'offline', freeSlots: 0 }))).toBe('Offline');
    expect(colleagueUnavailable(colleague({ status: 'paused', freeSlots: 0 }))).toBe('Paused: takes no chats');
  });

  it('has no reason for one online with a free place', () => {
    expect(colleagueUnavailable(colleague({ activeChats: 2, freeSlots: 1 }))).toBeNull();
  });
});
