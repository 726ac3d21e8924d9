import { describe, expect, it } from 'vitest';
import type { MonitorEndReason, MonitorSink } from '../monitor/monitor-hub.js';
import { auditLog, expectParleyError, lastAudit, makeWorld, META, type World } from '../../test-support/fakes.js';

/**
 * An account with two widgets (Support served by Ann, Sales by Bob), a supervisor, an admin, and an
 * agent-only user. Ann is paused so that chats of Support queue; Bob is online so Sales chats start at once.
 */
const setup = async () => {
  const w = await makeWorld();
  const ann = await w.addUser('agent', 'Ann Agent');
  const bob = await w.addUser('agent', 'Bob Agent');
  const sup = await w.addUser('supervisor', 'Sue Supervisor');
  const admin = await w.addUser('admin', 'Adam Admin');
  const support = await w.parley.widgets.create(w.owner, { name: 'Support' });
  const sales = await w.parley.widgets.create(w.owner, { name: 'Sales' });
  await w.parley.widgets.setAgents(w.owner, support.id, { agentIds: [ann.user.id] });
  await w.parley.widgets.setAgents(w.owner, sales.id, { agentIds: [bob.user.id] });
  await w.parley.presence.setStatus(ann.p, { status: 'paused' });
  await w.parley.presence.setStatus(bob.p, { status: 'online' });
  const chat = (widgetId: string, name: string) =>
    w.parley.chats.start(widgetId, { message: `Hello from ${name}`, name, email: `${name.toLowerCase()}@visitor.example` }, META);
  return { ...w, ann, bob, sup, admin, support, sales, chat };
};

const storedJson = async (w: World, accountId: string) =>
  JSON.stringify(
    await w.read(async (r) => ({
      links: await r.monitorShareLinks.list(accountId, 1000),
      audit: await r.audit.scan(accountId, 0, 100_000),
    })),
  );

describe('the monitor snapshot', () => {
  it('shows supervisors queues, chats in progress and agents per widget', async () => {
    const w = await setup();
    const queued = await w.chat(w.support.id, 'Quinn');
    const active = await w.chat(w.sales.id, 'Alex');
    expect(queued.chat.status).toBe('queued');
    expect(active.chat.status).toBe('active');
    w.clock.advance(42_000);
    const view = await w.parley.monitor.snapshot(w.sup.p);
    expect(view.generatedAt).toBe(w.clock.now().toISOString());
    const [sales, support] = view.widgets; // by name
    expect(support).toMatchObject({
      id: w.support.id,
      name: 'Support',
      queue: [
        {
          chatId: queued.chat.id,
          waitingSeconds: 42,
          question: 'Hello from Quinn',
          visitor: { name: 'Quinn', email: 'quinn@visitor.example' },
        },
      ],
      active: [],
      agents: [{ userId: w.ann.user.id, name: 'Ann Agent', status: 'paused', activeChats: 0 }],
      stats: { queued: 1, active: 0, online: 0, paused: 1, offline: 0, longestWaitSeconds: 42 },
    });
    expect(sales).toMatchObject({
      name: 'Sales',
      queue: [],
      active: [
        {
          chatId: active.chat.id,
          agentId: w.bob.user.id,
          agentName: 'Bob Agent',
          durationSeconds: 42,
          transcriptUrl: `/api/v1/chats/${active.chat.id}`,
        },
      ],
      agents: [{ userId: w.bob.user.id, status: 'online', activeChats: 1 }],
    });
  });

  it('is refused to agents', async () => {
    const w = await setup();
    await expectParleyError(w.parley.monitor.snapshot(w.ann.p), 'forbidden');
    await expectParleyError(w.parley.monitor.watch(w.ann.p, { snapshot: () => {}, heartbeat: () => {}, end: () => {} }), 'forbidden');
    expect(w.parley.monitor.live.stats().streams).toBe(0);
  });
});

describe('the layout', () => {
  it('starts in name order and keeps each user’s own order', async () => {
    const w = await setup();
    expect(await w.parley.monitor.layout(w.sup.p)).toEqual({ widgetIds: [w.sales.id, w.support.id], version: 0, updatedAt: null });
    const saved = await w.parley.monitor.setLayout(w.sup.p, { widgetIds: [w.support.id] });
    expect(saved).toMatchObject({ widgetIds: [w.support.id, w.sales.id], version: 1 });
    expect((await w.parley.monitor.snapshot(w.sup.p)).widgets.map((x) => x.id)).toEqual([w.support.id, w.sales.id]);
    expect((await w.parley.monitor.snapshot(w.owner)).widgets.map((x) => x.id)).toEqual([w.sales.id, w.support.id]);
    expect(w.published.filter((e) => e.type === 'monitor.layout_changed').map((e) => e.data)).toEqual([
      { userId: w.sup.user.id, widgetIds: [w.support.id] },
    ]);
  });

  it('refuses unknown and repeated widgets, naming each, and writes nothing', async () => {
    const w = await setup();
    const other = await makeWorld();
    const foreign = await other.parley.widgets.create(other.owner, { name: 'Not yours' });
    const err = await expectParleyError(
      w.parley.monitor.setLayout(w.sup.p, { widgetIds: [w.sales.id, foreign.id, w.sales.id, 'nope'] }),
      'validation_failed',
    );
    expect(err.details).toEqual([
      { path: '/widgetIds/1', code: 'unknown_widget', message: expect.any(String) },
      { path: '/widgetIds/2', code: 'duplicate', message: expect.any(String) },
      { path: '/widgetIds/3', code: 'unknown_widget', message: expect.any(String) },
    ]);
    await expectParleyError(w.parley.monitor.setLayout(w.sup.p, { widgetIds: 'x' } as never), 'validation_failed');
    await expectParleyError(w.parley.monitor.setLayout(w.sup.p, { widgetIds: [], extra: 1 } as never), 'validation_failed');
    expect((await w.parley.monitor.layout(w.sup.p)).version).toBe(0);
  });

  it('compares versions: a stale one is a version mismatch', async () => {
    const w = await setup();
    await w.parley.monitor.setLayout(w.sup.p, { widgetIds: [w.support.id] }, 0);
    await expectParleyError(w.parley.monitor.setLayout(w.sup.p, { widgetIds: [w.sales.id] }, 0), 'version_mismatch');
    await expectParleyError(w.parley.monitor.setLayout(w.admin.p, { widgetIds: [w.sales.id] }, 3), 'version_mismatch');
    expect((await w.parley.monitor.setLayout(w.sup.p, { widgetIds: [w.sales.id], version: 1 })).version).toBe(2);
  });

  it('is not for agents', async () => {
    const w = await setup();
    await expectParleyError(w.parley.monitor.layout(w.ann.p), 'forbidden');
    await expectParleyError(w.parley.monitor.setLayout(w.ann.p, { widgetIds: [] }), 'forbidden');
  });
});

describe('share links', () => {
  it('creates a link whose token is returned once, stored only as a hash, and audited redacted', async () => {
    const w = await setup();
    const { link, token } = await w.parley.monitor.createShareLink(w.admin.p, { label: 'Office TV', widgetIds: [w.support.id] });
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(link).toMatchObject({
      label: 'Office TV',
      widgetIds: [w.support.id],
      expiresAt: null,
      revokedAt: null,
      state: 'active',
      createdBy: w.admin.user.id,
    });
    expect(link).not.toHaveProperty('tokenHash');
    const stored = await w.read((r) => r.monitorShareLinks.get(w.account.id, link.id));
    expect(stored!.tokenHash).toBe(w.parley.deps.crypto.sha256(token));
    expect(await storedJson(w, w.account.id)).not.toContain(token);
    const entry = await lastAudit(w, w.account.id);
    expect(entry).toMatchObject({
      type: 'monitor',
      action: 'monitor.share_link_created',
      targetType: 'monitor_share_link',
      targetId: link.id,
      widgetId: w.support.id,
      actor: { userId: w.admin.user.id },
    });
    expect(entry.changes).toContainEqual({ path: '/token', redacted: true });
    expect(entry.changes).toContainEqual({ path: '/label', to: 'Office TV' });
  });

  it('shows anyone with the token the link’s widgets, anonymized', async () => {
    const w = await setup();
    await w.chat(w.support.id, 'Quinn');
    await w.chat(w.sales.id, 'Alex');
    const { token } = await w.parley.monitor.createShareLink(w.owner, { widgetIds: [w.support.id] });
    const view = await w.parley.monitor.sharedSnapshot(token);
    expect(view.widgets.map((x) => x.id)).toEqual([w.support.id]);
    expect(view.widgets[0]!.queue).toHaveLength(1);
    const json = JSON.stringify(view);
    for (const secret of ['Quinn', 'quinn@visitor.example', 'Hello from', 'transcript', 'Alex']) expect(json).not.toContain(secret);
    const everything = await w.parley.monitor.createShareLink(w.owner, {});
    expect((await w.parley.monitor.sharedSnapshot(everything.token)).widgets).toHaveLength(2);
  });

  it('answers not_found alike for an unknown, malformed, revoked or expired token', async () => {
    const w = await setup();
    const expiring = await w.parley.monitor.createShareLink(w.owner, {
      expiresAt: new Date(w.clock.now().getTime() + 60_000).toISOString(),
    });
    const revoked = await w.parley.monitor.createShareLink(w.owner, {});
    await w.parley.monitor.revokeShareLink(w.owner, revoked.link.id);
    await w.parley.monitor.sharedSnapshot(expiring.token);
    w.clock.advance(60_000);
    for (const token of [expiring.token, revoked.token, 'A'.repeat(43), 'short', '../../etc', ''])
      expect((await expectParleyError(w.parley.monitor.sharedSnapshot(token), 'not_found')).message).toBe(
        'This monitor link does not exist, was revoked or has expired.',
      );
  });

  it('refuses bad input and non-admins, writing nothing', async () => {
    const w = await setup();
    const before = await storedJson(w, w.account.id);
    await expectParleyError(w.parley.monitor.createShareLink(w.sup.p, {}), 'forbidden');
    await expectParleyError(w.parley.monitor.createShareLink(w.ann.p, {}), 'forbidden');
    const past = await expectParleyError(
      w.parley.monitor.createShareLink(w.owner, { expiresAt: '2020-01-01T00:00:00Z' }),
      'validation_failed',
    );
    expect(past.details).toEqual([{ path: '/expiresAt', code: 'not_in_future', message: expect.any(String) }]);
    const unknown = await expectParleyError(
      w.parley.monitor.createShareLink(w.owner, { widgetIds: [w.sales.id, 'nope'] }),
      'validation_failed',
    );
    expect(unknown.details).toEqual([{ path: '/widgetIds/1', code: 'unknown_widget', message: expect.any(String) }]);
    await expectParleyError(w.parley.monitor.createShareLink(w.owner, { widgetIds: [] }), 'validation_failed');
    await expectParleyError(w.parley.monitor.createShareLink(w.owner, { label: '' }), 'validation_failed');
    await expectParleyError(w.parley.monitor.createShareLink(w.owner, { expiresAt: 'tomorrow' }), 'validation_failed');
    await expectParleyError(w.parley.monitor.createShareLink(w.owner, { token: 'mine' } as never), 'validation_failed');
    expect(await storedJson(w, w.account.id)).toBe(before);
  });

  it('lists links with their state, never their hashes, for owners and admins', async () => {
    const w = await setup();
    const a = await w.parley.monitor.createShareLink(w.owner, { label: 'A' });
    w.clock.advance(1000);
    const b = await w.parley.monitor.createShareLink(w.admin.p, {
      label: 'B',
      expiresAt: new Date(w.clock.now().getTime() + 5000).toISOString(),
    });
    w.clock.advance(1000);
    const c = await w.parley.monitor.createShareLink(w.owner, { label: 'C' });
    await w.parley.monitor.revokeShareLink(w.owner, c.link.id);
    w.clock.advance(10_000);
    const list = await w.parley.monitor.listShareLinks(w.admin.p);
    expect(list.map((l) => [l.label, l.state])).toEqual([
      ['C', 'revoked'],
      ['B', 'expired'],
      ['A', 'active'],
    ]);
    expect(JSON.stringify(list)).not.toContain(w.parley.deps.crypto.sha256(a.token));
    expect(JSON.stringify(list)).not.toContain(b.token);
    await expectParleyError(w.parley.monitor.listShareLinks(w.sup.p), 'forbidden');
  });

  it('revokes once, audited, and publishes the revocation; again changes nothing', async () => {
    const w = await setup();
    const { link } = await w.parley.monitor.createShareLink(w.owner, {});
    await expectParleyError(w.parley.monitor.revokeShareLink(w.sup.p, link.id), 'forbidden');
    const revoked = await w.parley.monitor.revokeShareLink(w.admin.p, link.id);
    expect(revoked).toMatchObject({ state: 'revoked', revokedBy: w.admin.user.id });
    const entry = await lastAudit(w, w.account.id);
    expect(entry).toMatchObject({
      type: 'monitor',
      action: 'monitor.share_link_revoked',
      targetId: link.id,
      changes: [{ path: '/revokedAt', from: null, to: revoked.revokedAt }],
    });
    expect(w.published.filter((e) => e.type === 'monitor.share_link_revoked').map((e) => [e.topics, e.data])).toEqual([
      [[`account:${w.account.id}`], { linkId: link.id }],
    ]);
    const count = (await auditLog(w, w.account.id)).length;
    await w.parley.monitor.revokeShareLink(w.owner, link.id);
    expect((await auditLog(w, w.account.id)).length).toBe(count);
    await expectParleyError(w.parley.monitor.revokeShareLink(w.owner, 'no-such-link'), 'not_found');
    const other = await makeWorld();
    await expectParleyError(other.parley.monitor.revokeShareLink(other.owner, link.id), 'not_found');
  });
});

describe('live monitors', () => {
  const recorder = () => {
    const snapshots: any[] = [];
    const ends: MonitorEndReason[] = [];
    const sink: MonitorSink = { snapshot: (_id, json) => snapshots.push(JSON.parse(json)), heartbeat: () => {}, end: (r) => ends.push(r) };
    return { sink, snapshots, ends };
  };
  const until = async (cond: () => boolean, ms = 2000) => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('pushes a queued chat to every open monitor, the shared one anonymized, and cuts the shared one off on revocation', async () => {
    const w = await setup();
    const { link, token } = await w.parley.monitor.createShareLink(w.owner, {});
    const [sup, shared] = [recorder(), recorder()];
    const subs = [await w.parley.monitor.watch(w.sup.p, sup.sink), await w.parley.monitor.watchShared(token, shared.sink)];
    await until(() => sup.snapshots.length === 1 && shared.snapshots.length === 1);
    const queued = await w.chat(w.support.id, 'Quinn');
    const has = (s: any[]) => s.at(-1)?.widgets.some((x: any) => x.queue.some((q: any) => q.chatId === queued.chat.id));
    await until(() => has(sup.snapshots) && has(shared.snapshots));
    expect(sup.snapshots.at(-1).widgets.find((x: any) => x.id === w.support.id).queue[0].visitor.name).toBe('Quinn');
    expect(JSON.stringify(shared.snapshots)).not.toContain('Quinn');
    await w.parley.monitor.revokeShareLink(w.owner, link.id);
    expect(shared.ends).toEqual(['revoked']);
    expect(sup.ends).toEqual([]);
    await expectParleyError(w.parley.monitor.watchShared(token, recorder().sink), 'not_found');
    subs.forEach((s) => s.close());
    expect(w.parley.monitor.live.stats()).toEqual({ accounts: 0, streams: 0 });
  });

  it('cuts off a supervisor who is made an agent', async () => {
    const w = await setup();
    const r = recorder();
    await w.parley.monitor.watch(w.sup.p, r.sink);
    await w.parley.users.update(w.owner, w.sup.user.id, { role: 'agent' });
    expect(r.ends).toEqual(['access_changed']);
  });
});
