import { describe, expect, it } from 'vitest';
import { makeWorld } from '../../test-support/fakes.js';

describe('agent status', () => {
  it('answers offline, with no since, to an agent who never set a status and goes offline', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent', 'Ann Agent');
    const before = await w.parley.presence.get(a.p);
    expect(await w.parley.presence.setStatus(a.p, { status: 'offline' })).toEqual(before);
    expect(before).toEqual({ userId: a.user.id, status: 'offline', since: null, lastAssignedAt: null, activeChats: 0, reason: null });
  });
});
