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

describe('an agent’s open chats in their status', () => {
  it('are counted whatever the status, offline too: an agent who went offline may still hold chats', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent', 'Ann Agent');
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    await w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [a.user.id] });
    await w.parley.presence.setStatus(a.p, { status: 'online' });
    await w.parley.chats.start(widget.id, { message: 'Hello' }, { ip: '203.0.113.5', userAgent: 'test' });
    expect((await w.parley.presence.get(a.p)).activeChats).toBe(1);
    // Offline, set by themselves or by the owner (the agent forgot to sign out): still their chat.
    expect((await w.parley.presence.setStatus(a.p, { status: 'offline' })).activeChats).toBe(1);
    expect((await w.parley.presence.get(w.owner, a.user.id)).activeChats).toBe(1);
    expect((await w.parley.presence.setStatusOf(w.owner, a.user.id, { status: 'offline', reason: 'Forgot to sign out' })).activeChats).toBe(
      1,
    );
  });
});
