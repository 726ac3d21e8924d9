import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../model/audit.js';
import type { Repositories, Storage } from '../ports/storage.js';
import {
  auditLog,
  expectParleyError,
  lastAudit,
  makeWorld,
  OWNER_PASSWORD,
  principalOf,
  snapshot,
  type World,
} from '../../test-support/fakes.js';
import type { Principal } from '../runtime/context.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

/** A world with entries of several types, actors, widgets and times. */
const busyWorld = async () => {
  const w = await makeWorld(); // seq 1-2 at T0 (account.created, user.created)
  const admin = await w.addUser('admin'); // seq 3
  const agent = await w.addUser('agent'); // seq 4
  w.clock.advance(HOUR); // T1
  const w1 = await w.parley.widgets.create(w.owner, { name: 'One' }); // seq 5
  const w2 = await w.parley.widgets.create(admin.p, { name: 'Two' }); // seq 6
  w.clock.advance(HOUR); // T2
  await w.parley.widgets.update(admin.p, w1.id, { name: 'One!' }); // seq 7
  await w.parley.widgets.setAgents(w.owner, w2.id, { agentIds: [agent.user.id] }); // seq 8
  w.clock.advance(HOUR); // T3
  await w.parley.accounts.update(admin.p, { name: 'Acme Ltd' }); // seq 9
  return { ...w, admin, agent, w1, w2 };
};

const T = (hours: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + hours * HOUR).toISOString();
const seqs = (entries: readonly AuditEntry[]) => entries.map((e) => e.seq);

describe('listing the audit log', () => {
  it('lists newest first', async () => {
    const w = await busyWorld();
    const page = await w.parley.audit.list(w.owner, {});
    expect(seqs(page.items)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(page.nextCursor).toBeNull();
    expect([...page.items].reverse()).toEqual(await auditLog(w, w.account.id));
  });

  it('filters by type, and by several types given comma-separated', async () => {
    const w = await busyWorld();
    expect(seqs((await w.parley.audit.list(w.owner, { type: 'widget' })).items)).toEqual([7, 6, 5]);
    expect(seqs((await w.parley.audit.list(w.owner, { type: 'account' })).items)).toEqual([9, 1]);
    expect(seqs((await w.parley.audit.list(w.owner, { type: 'account, widget' })).items)).toEqual([9, 7, 6, 5, 1]);
  });

  it('refuses an unknown type, pointing at /type', async () => {
    const w = await busyWorld();
    const e = await expectParleyError(w.parley.audit.list(w.owner, { type: 'widget,bogus' }), 'validation_failed');
    expect(e.details).toEqual([{ path: '/type', code: 'invalid_value', message: expect.stringContaining('bogus') }]);
  });

  it('filters by widget', async () => {
    const w = await busyWorld();
    expect(seqs((await w.parley.audit.list(w.owner, { widgetId: w.w1.id })).items)).toEqual([7, 5]);
    expect(seqs((await w.parley.audit.list(w.owner, { widgetId: w.w2.id })).items)).toEqual([8, 6]);
  });

  it('filters by actor', async () => {
    const w = await busyWorld();
    expect(seqs((await w.parley.audit.list(w.owner, { actorId: w.admin.user.id })).items)).toEqual([9, 7, 6]);
  });

  it('filters by time, both bounds inclusive, with any offset', async () => {
    const w = await busyWorld();
    expect(seqs((await w.parley.audit.list(w.owner, { from: T(1), to: T(2) })).items)).toEqual([8, 7, 6, 5]);
    expect(seqs((await w.parley.audit.list(w.owner, { from: T(2) })).items)).toEqual([9, 8, 7]);
    expect(seqs((await w.parley.audit.list(w.owner, { to: T(0) })).items)).toEqual([4, 3, 2, 1]);
    const t2 = '2026-01-01T04:00:00+02:00'; // T2 in another offset
    expect(seqs((await w.parley.audit.list(w.owner, { from: t2, to: t2 })).items)).toEqual([8, 7]);
  });

  it('combines filters (all must hold)', async () => {
    const w = await busyWorld();
    expect(seqs((await w.parley.audit.list(w.owner, { type: 'widget', actorId: w.admin.user.id, from: T(2) })).items)).toEqual([7]);
  });

  it('refuses malformed queries with pointers', async () => {
    const w = await busyWorld();
    const e = await expectParleyError(w.parley.audit.list(w.owner, { from: 'yesterday', cursor: 'abc', limit: 0 }), 'validation_failed');
    expect(e.details.map((d) => d.path).sort()).toEqual(['/cursor', '/from', '/limit']);
  });

  it('pages with a cursor, without skipping or repeating while new entries are appended between pages', async () => {
    const w = await busyWorld();
    const seen: number[] = [];
    let cursor: string | undefined;
    let appended = 0;
    for (;;) {
      const page = await w.parley.audit.list(w.owner, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...seqs(page.items));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
      // Someone else keeps working meanwhile.
      await w.parley.widgets.update(w.owner, w.w1.id, { name: `One #${++appended}` });
    }
    expect(appended).toBeGreaterThan(2);
    expect(seen).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    // ...and the new entries are at the top of a fresh first page.
    expect(seqs((await w.parley.audit.list(w.owner, { limit: 1 })).items)).toEqual([9 + appended]);
  });

  it('pages a filtered list the same way', async () => {
    const w = await busyWorld();
    const p1 = await w.parley.audit.list(w.owner, { type: 'widget,permissions', limit: 3 });
    await w.parley.widgets.create(w.owner, { name: 'Three' });
    const p2 = await w.parley.audit.list(w.owner, { type: 'widget,permissions', limit: 3, cursor: p1.nextCursor! });
    const p3 = await w.parley.audit.list(w.owner, { type: 'widget,permissions', limit: 3, cursor: p2.nextCursor! });
    expect([...seqs(p1.items), ...seqs(p2.items), ...seqs(p3.items)]).toEqual([8, 7, 6, 5, 4, 3, 2]);
    expect(p3.nextCursor).toBeNull();
  });

  it('has no next page when the last page is exactly full', async () => {
    const w = await busyWorld();
    const p1 = await w.parley.audit.list(w.owner, { limit: 9 });
    expect(p1.items).toHaveLength(9);
    expect(p1.nextCursor).toBeNull();
  });

  it('gets one entry by id, only within the account', async () => {
    const w = await busyWorld();
    const last = await lastAudit(w, w.account.id);
    expect(await w.parley.audit.get(w.owner, last.id)).toEqual(last);
    await expectParleyError(w.parley.audit.get({ ...w.owner, accountId: 'other' }, last.id), 'not_found');
  });
});

describe('exporting the audit log', () => {
  it('yields every entry, newest first, across batches', async () => {
    const w = await busyWorld();
    for (const batchSize of [1, 2, 3, 4, 9, 10, 1000]) {
      const all = await collect(w.parley.audit.export(w.owner, {}, batchSize));
      expect(seqs(all)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    }
  });

  it('yields only matching entries across batches', async () => {
    const w = await busyWorld();
    const widgetish = await collect(w.parley.audit.export(w.owner, { type: 'widget,permissions' }, 2));
    expect(seqs(widgetish)).toEqual([8, 7, 6, 5, 4, 3, 2]);
    const byAdmin = await collect(w.parley.audit.export(w.owner, { actorId: w.admin.user.id, to: T(2) }, 1));
    expect(seqs(byAdmin)).toEqual([7, 6]);
  });

  it('reads in batches of the given size', async () => {
    let reads = 0;
    const counting = (inner: Storage): Storage => ({
      capabilities: inner.capabilities,
      transaction: (fn) => inner.transaction(fn),
      read: (fn) => (reads++, inner.read(fn)),
      ping: () => inner.ping(),
      close: () => inner.close(),
    });
    const w = await makeWorld({ wrapStorage: counting });
    await populate(w); // 5 entries
    reads = 0;
    expect(seqs(await collect(w.parley.audit.export(w.owner, {}, 2)))).toEqual([5, 4, 3, 2, 1]);
    expect(reads).toBe(3); // 2 + 2 + 1
  });
});

describe('reverting entries', () => {
  it('restores the from values of a widget change, audited with revertOf', async () => {
    const w = await busyWorld();
    await w.parley.widgets.update(w.owner, w.w1.id, { settings: { greeting: 'Howdy', maxConcurrentChats: 7 } });
    const original = await lastAudit(w, w.account.id);

    const revert = await w.parley.audit.revert(w.owner, original.id);

    const widget = await w.parley.widgets.get(w.owner, w.w1.id);
    expect(widget.settings.greeting).toBe('Hi! How can we help?');
    expect(widget.settings.maxConcurrentChats).toBe(3);
    expect(revert).toMatchObject({
      type: 'widget',
      action: 'widget.updated',
      targetId: w.w1.id,
      revertOf: original.id,
      actor: { userId: w.owner.userId },
      changes: [
        { path: '/settings/greeting', from: 'Howdy', to: 'Hi! How can we help?' },
        { path: '/settings/maxConcurrentChats', from: 7, to: 3 },
      ],
      revertible: true,
    });
    expect(await lastAudit(w, w.account.id)).toEqual(revert);
  });

  it('can revert a revert (redo)', async () => {
    const w = await busyWorld();
    const original = await w.parley.audit.list(w.owner, { widgetId: w.w1.id, limit: 1 }).then((p) => p.items[0]!);
    expect(original.action).toBe('widget.updated');
    const undo = await w.parley.audit.revert(w.owner, original.id);
    expect((await w.parley.widgets.get(w.owner, w.w1.id)).name).toBe('One');
    await w.parley.audit.revert(w.owner, undo.id);
    expect((await w.parley.widgets.get(w.owner, w.w1.id)).name).toBe('One!');
  });

  it('restores an agent assignment', async () => {
    const w = await busyWorld();
    const entry = (await w.parley.audit.list(w.owner, { widgetId: w.w2.id, type: 'permissions' })).items[0]!;
    const revert = await w.parley.audit.revert(w.owner, entry.id);
    expect((await w.parley.widgets.get(w.owner, w.w2.id)).agentIds).toEqual([]);
    expect(revert).toMatchObject({ type: 'permissions', action: 'widget.agents_changed', revertOf: entry.id });
  });

  it('restores a role', async () => {
    const w = await busyWorld();
    await w.parley.users.update(w.owner, w.agent.user.id, { role: 'supervisor' });
    const entry = await lastAudit(w, w.account.id);
    const revert = await w.parley.audit.revert(w.owner, entry.id);
    expect((await w.parley.users.get(w.owner, w.agent.user.id)).role).toBe('agent');
    expect(revert).toMatchObject({
      action: 'user.role_changed',
      revertOf: entry.id,
      changes: [{ path: '/role', from: 'supervisor', to: 'agent' }],
    });
  });

  it('restores the account name', async () => {
    const w = await busyWorld();
    const entry = await lastAudit(w, w.account.id);
    expect(entry.action).toBe('account.updated');
    await w.parley.audit.revert(w.owner, entry.id);
    expect((await w.parley.accounts.get(w.owner)).name).toBe('Acme');
  });

  it('answers revert_conflict with the drifted paths when a value changed since, and writes nothing', async () => {
    const w = await busyWorld();
    await w.parley.widgets.update(w.owner, w.w1.id, { settings: { greeting: 'A', maxConcurrentChats: 5 } });
    const entry = await lastAudit(w, w.account.id);
    await w.parley.widgets.update(w.owner, w.w1.id, { settings: { greeting: 'B' } });
    const before = await snapshot(w, w.account.id);
    const published = w.published.length;

    const e = await expectParleyError(w.parley.audit.revert(w.owner, entry.id), 'revert_conflict');

    expect(e.details.map((d) => [d.path, d.code])).toEqual([['/settings/greeting', 'changed_since']]);
    expect(e.meta).toEqual({ fields: ['/settings/greeting'] });
    expect(await snapshot(w, w.account.id)).toEqual(before);
    expect(w.published.length).toBe(published);
  });

  it('reverts once the drifted field is back to the entry value', async () => {
    const w = await busyWorld();
    await w.parley.widgets.update(w.owner, w.w1.id, { settings: { greeting: 'A' } });
    const entry = await lastAudit(w, w.account.id);
    await w.parley.widgets.update(w.owner, w.w1.id, { settings: { greeting: 'B' } });
    await w.parley.widgets.update(w.owner, w.w1.id, { settings: { greeting: 'A' } });
    await w.parley.audit.revert(w.owner, entry.id);
    expect((await w.parley.widgets.get(w.owner, w.w1.id)).settings.greeting).toBe('Hi! How can we help?');
  });

  it('answers revert_conflict when the same entry is reverted twice', async () => {
    const w = await busyWorld();
    const entry = await lastAudit(w, w.account.id); // account renamed to 'Acme Ltd'
    await w.parley.audit.revert(w.owner, entry.id);
    const before = await snapshot(w, w.account.id);
    const e = await expectParleyError(w.parley.audit.revert(w.owner, entry.id), 'revert_conflict');
    expect(e.meta).toEqual({ fields: ['/name'] });
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('marks created, deleted and password entries as not revertible and refuses them', async () => {
    const w = await busyWorld();
    await w.parley.users.update(w.owner, w.agent.user.id, { password: 'another-password-1' });
    await w.parley.widgets.delete(w.owner, w.w2.id);
    await w.parley.users.delete(w.owner, w.admin.user.id);
    const log = await auditLog(w, w.account.id);
    const byAction = (a: string) => log.filter((e) => e.action === a);
    const refused = [
      ...byAction('account.created'),
      ...byAction('user.created'),
      ...byAction('widget.created'),
      ...byAction('user.password_changed'),
      ...byAction('widget.deleted'),
      ...byAction('user.deleted'),
    ];
    expect(refused.length).toBe(1 + 3 + 2 + 1 + 1 + 1);
    const before = await snapshot(w, w.account.id);
    for (const e of refused) {
      expect(e.revertible).toBe(false);
      const err = await expectParleyError(w.parley.audit.revert(w.owner, e.id), 'not_revertible');
      expect(err.meta).toEqual({ entryId: e.id });
    }
    expect(await snapshot(w, w.account.id)).toEqual(before);
    // Everything else that records a change is revertible.
    for (const e of log.filter((x) => !refused.includes(x))) expect([e.action, e.revertible]).toEqual([e.action, true]);
  });

  it('refuses an entry whose target no longer exists', async () => {
    const w = await busyWorld();
    const update = (await w.parley.audit.list(w.owner, { widgetId: w.w1.id, limit: 1 })).items[0]!;
    await w.parley.widgets.delete(w.owner, w.w1.id);
    await expectParleyError(w.parley.audit.revert(w.owner, update.id), 'not_revertible');
  });

  it('refuses to hand ownership back by revert', async () => {
    const w = await busyWorld();
    await w.parley.users.update(w.owner, w.admin.user.id, { role: 'owner' });
    const [demoted] = (await auditLog(w, w.account.id)).slice(-2);
    expect(demoted).toMatchObject({ targetId: w.owner.userId, changes: [{ path: '/role', from: 'owner', to: 'admin' }] });
    const newOwner = principalOf(await w.parley.users.get(w.owner, w.admin.user.id));
    await expectParleyError(w.parley.audit.revert(newOwner, demoted!.id), 'not_revertible');
    expect(await w.read((r) => r.users.countByRole(w.account.id, 'owner'))).toBe(1);
  });

  it('refuses to undo an operator plan change', async () => {
    const w = await busyWorld();
    await w.parley.accounts.setPlan(w.account.id, 'basic');
    const entry = await lastAudit(w, w.account.id);
    await expectParleyError(w.parley.audit.revert(w.owner, entry.id), 'forbidden');
    expect((await w.parley.accounts.get(w.owner)).plan).toBe('basic');
  });

  it('applies the same permission checks as a normal edit', async () => {
    const w = await busyWorld();
    const entry = (await w.parley.audit.list(w.owner, { widgetId: w.w1.id, limit: 1 })).items[0]!;
    for (const p of [w.agent.p, principalOf({ id: 'x', accountId: w.account.id, role: 'supervisor', email: 's@x' })]) {
      await expectParleyError(w.parley.audit.revert(p, entry.id), 'forbidden');
    }
    expect((await w.parley.widgets.get(w.owner, w.w1.id)).name).toBe('One!');
  });

  it('answers not_found for an unknown entry', async () => {
    const w = await busyWorld();
    await expectParleyError(w.parley.audit.revert(w.owner, 'nope'), 'not_found');
  });
});

/** Storage that passes `scan` results through `tamper`: what an attacker editing the table would show. */
const tamperingScan =
  (tamper: (rows: AuditEntry[]) => AuditEntry[]) =>
  (inner: Storage): Storage => {
    const wrap = (r: Repositories): Repositories => ({
      ...r,
      audit: { ...r.audit, scan: async (a, after, limit) => tamper(await r.audit.scan(a, after, limit)) },
    });
    return {
      capabilities: inner.capabilities,
      transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
      read: (fn) => inner.read((r) => fn(wrap(r))),
      ping: () => inner.ping(),
      close: () => inner.close(),
    };
  };

const populate = async (w: World) => {
  const widget = await w.parley.widgets.create(w.owner, { name: 'One' }); // seq 3
  await w.parley.widgets.update(w.owner, widget.id, { name: 'Two' }); // seq 4
  await w.parley.widgets.update(w.owner, widget.id, { name: 'Three' }); // seq 5
  return auditLog(w, w.account.id);
};

describe('verifying the chain', () => {
  it('says intact for an untouched chain, counting every entry', async () => {
    const w = await busyWorld();
    expect(await w.parley.audit.verify(w.owner)).toEqual({ intact: true, checked: 9, headSeq: 9, firstBroken: null });
  });

  it('checks in batches, whatever the batch size', async () => {
    const w = await busyWorld();
    for (const n of [1, 2, 8, 9, 10])
      expect(await w.parley.audit.verifyAccount(w.account.id, n)).toMatchObject({ intact: true, checked: 9 });
  });

  it('names the first entry whose content was changed', async () => {
    let on = false;
    const w = await makeWorld({
      wrapStorage: tamperingScan((rows) =>
        on ? rows.map((e) => (e.seq === 4 ? { ...e, changes: [{ path: '/name', from: 'One', to: 'Hacked' }] } : e)) : rows,
      ),
    });
    const log = await populate(w);
    expect((await w.parley.audit.verify(w.owner)).intact).toBe(true);
    on = true;
    expect(await w.parley.audit.verify(w.owner)).toEqual({
      intact: false,
      checked: 3,
      headSeq: 5,
      firstBroken: { id: log[3]!.id, seq: 4, reason: 'content does not match its hash' },
    });
  });

  it('catches a forged entry re-hashed canonically, at the next entry', async () => {
    let on = false;
    const { chainedText } = await import('../audit/chain.js');
    const w = await makeWorld({
      wrapStorage: tamperingScan((rows) =>
        on
          ? rows.map((e) => {
              if (e.seq !== 3) return e;
              const { hash: _old, ...rest } = { ...e, actor: { ...e.actor, email: 'someone-else@acme.example' } };
              return { ...rest, hash: w.parley.deps.crypto.sha256(chainedText(rest)) };
            })
          : rows,
      ),
    });
    const log = await populate(w);
    on = true;
    expect((await w.parley.audit.verify(w.owner)).firstBroken).toEqual({
      id: log[3]!.id,
      seq: 4,
      reason: 'does not follow the previous entry',
    });
  });

  it('names a missing entry', async () => {
    let on = false;
    const w = await makeWorld({ wrapStorage: tamperingScan((rows) => (on ? rows.filter((e) => e.seq !== 2) : rows)) });
    await populate(w);
    on = true;
    // The missing entry's id cannot be known; the seq names it (not the id of the entry after the gap).
    expect(await w.parley.audit.verify(w.owner)).toMatchObject({
      intact: false,
      checked: 1,
      firstBroken: { id: null, seq: 2, reason: 'entry 2 is missing' },
    });
  });

  it('notices entries missing at the end of the chain', async () => {
    let on = false;
    const w = await makeWorld({ wrapStorage: tamperingScan((rows) => (on ? rows.filter((e) => e.seq < 4) : rows)) });
    await populate(w);
    on = true;
    expect(await w.parley.audit.verify(w.owner)).toMatchObject({ intact: false, checked: 3, firstBroken: { id: null, seq: 4 } });
  });

  it('is forbidden to agents but open to supervisors', async () => {
    const w = await busyWorld();
    const sup = await w.addUser('supervisor');
    await expectParleyError(w.parley.audit.verify(w.agent.p), 'forbidden');
    expect((await w.parley.audit.verify(sup.p)).intact).toBe(true);
  });
});

describe('retention', () => {
  it('purges entries older than the retention period and the chain still verifies', async () => {
    const w = await busyWorld(); // 9 entries over T0..T3
    await w.parley.accounts.update(w.owner, { settings: { auditRetentionDays: 30 } }); // seq 10 at T3
    w.clock.advance(30 * DAY - 2 * HOUR); // now = T1 + 30 days, so the cutoff is T1: seq 1-4 (at T0) are older
    expect(await w.parley.audit.applyRetention(w.account.id)).toBe(4);
    expect(seqs((await w.parley.audit.list(w.owner, {})).items)).toEqual([10, 9, 8, 7, 6, 5]);
    expect(await w.parley.audit.verify(w.owner)).toEqual({ intact: true, checked: 6, headSeq: 10, firstBroken: null });
    expect(await w.read((r) => r.audit.head(w.account.id))).toMatchObject({ seq: 10, anchorSeq: 4 });

    // New entries keep chaining after the purge.
    await w.parley.widgets.update(w.owner, w.w1.id, { name: 'Later' });
    expect(await w.parley.audit.verify(w.owner)).toMatchObject({ intact: true, checked: 7, headSeq: 11 });
  });

  it('can purge everything and still verify from the anchor', async () => {
    const w = await busyWorld();
    await w.parley.accounts.update(w.owner, { settings: { auditRetentionDays: 1 } });
    w.clock.advance(2 * DAY);
    expect(await w.parley.audit.applyRetentionAll()).toBe(10);
    expect(await w.parley.audit.verify(w.owner)).toEqual({ intact: true, checked: 0, headSeq: 10, firstBroken: null });
    await w.parley.widgets.create(w.owner, { name: 'Fresh' });
    expect(await w.parley.audit.verify(w.owner)).toMatchObject({ intact: true, checked: 1, headSeq: 11 });
  });

  it('leaves no hole in the chain when the clock stepped back between entries', async () => {
    const w = await makeWorld(); // seq 1-2 at day 0
    await w.parley.accounts.update(w.owner, { settings: { auditRetentionDays: 30 } }); // seq 3 at day 0
    w.clock.advance(-10 * DAY); // the clock jumps back 10 days
    await w.parley.widgets.create(w.owner, { name: 'Old-looking' }); // seq 4, dated day -10
    w.clock.set(new Date(Date.parse('2026-01-01T00:00:00.000Z') + 25 * DAY)); // day 25: cutoff day -5
    // Only seq 4 is older than the cutoff, but it follows entries that must stay: nothing goes.
    await w.parley.audit.applyRetention(w.account.id);
    expect(await w.parley.audit.verify(w.owner)).toMatchObject({ intact: true, headSeq: 4 });
    expect((await auditLog(w, w.account.id)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('purges nothing when retention is off (the default) or nothing is old enough', async () => {
    const w = await busyWorld();
    w.clock.advance(3650 * DAY);
    expect(await w.parley.audit.applyRetention(w.account.id)).toBe(0);
    await w.parley.accounts.update(w.owner, { settings: { auditRetentionDays: 36500 } });
    expect(await w.parley.audit.applyRetention(w.account.id)).toBe(0);
    expect(await w.parley.audit.applyRetention('no-such-account')).toBe(0);
    expect((await auditLog(w, w.account.id)).length).toBe(10);
  });
});

describe('who may read the audit log', () => {
  it('forbids agents to list, get, export and verify', async () => {
    const w = await busyWorld();
    const agent: Principal = w.agent.p;
    const any = await lastAudit(w, w.account.id);
    await expectParleyError(w.parley.audit.list(agent, {}), 'forbidden');
    await expectParleyError(w.parley.audit.get(agent, any.id), 'forbidden');
    await expectParleyError(collect(w.parley.audit.export(agent, {})), 'forbidden');
    await expectParleyError(w.parley.audit.verify(agent), 'forbidden');
  });

  it('lets supervisors, admins and the owner read it', async () => {
    const w = await busyWorld();
    const sup = await w.addUser('supervisor');
    for (const p of [sup.p, w.admin.p, w.owner]) {
      expect((await w.parley.audit.list(p, { limit: 1 })).items).toHaveLength(1);
      expect((await collect(w.parley.audit.export(p, {}))).length).toBeGreaterThan(0);
    }
  });

  it('keeps accounts apart', async () => {
    const w = await makeWorld({ config: { signup: 'open' } });
    const other = await w.parley.accounts.signUp(
      { accountName: 'Other', email: 'o@other.example', name: 'O', password: OWNER_PASSWORD },
      { ip: null, userAgent: null },
    );
    const otherOwner = principalOf(other.user);
    await w.parley.widgets.create(otherOwner, { name: 'Theirs' });
    expect((await w.parley.audit.list(w.owner, {})).items.every((e) => e.accountId === w.account.id)).toBe(true);
    const theirs = await lastAudit(w, other.account.id);
    await expectParleyError(w.parley.audit.get(w.owner, theirs.id), 'not_found');
    await expectParleyError(w.parley.audit.revert(w.owner, theirs.id), 'not_found');
  });
});

describe('time along the chain', () => {
  it('never stamps an entry earlier than the one before it, even when the clock steps back', async () => {
    const w = await makeWorld();
    w.clock.advance(DAY);
    const a = await w.parley.widgets.create(w.owner, { name: 'Before the step' });
    const before = await lastAudit(w, w.account.id);
    w.clock.advance(-HOUR); // the system clock is corrected backwards
    await w.parley.widgets.update(w.owner, a.id, { name: 'After the step' });
    const after = await lastAudit(w, w.account.id);
    expect(after.seq).toBe(before.seq + 1);
    expect(after.createdAt).toBe(before.createdAt);
    w.clock.advance(2 * HOUR);
    await w.parley.widgets.update(w.owner, a.id, { name: 'Later' });
    expect((await lastAudit(w, w.account.id)).createdAt > before.createdAt).toBe(true);
  });
});
