import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

/** An account with two widgets; agent a1 serves the first (online), a2 the second. */
const setup = async () => {
  const t = testApp();
  const o = await t.owner();
  const admin = await t.member(o.token, 'admin');
  const supervisor = await t.member(o.token, 'supervisor');
  const a1 = await t.member(o.token, 'agent');
  const a2 = await t.member(o.token, 'agent');
  const w1 = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  const w2 = (await t.call('POST', '/api/v1/widgets', { name: 'Sales' }, o.token)).json;
  await t.call('PUT', `/api/v1/widgets/${w1.id}/agents`, { agentIds: [a1.user.id] }, o.token);
  await t.call('PUT', `/api/v1/widgets/${w2.id}/agents`, { agentIds: [a2.user.id] }, o.token);
  await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, a1.token);
  /** Starts a chat on the first widget; a1 gets it. */
  const start = async () =>
    (await t.call('POST', `/api/v1/widgets/${w1.id}/chats`, { message: 'My order?', email: 'vera@example.com', name: 'Vera' })).json;
  const audit = async (type: string) => (await t.call('GET', `/api/v1/audit?type=${type}`, undefined, o.token)).json.items;
  return { ...t, o, admin, supervisor, a1, a2, w1, w2, start, audit };
};

const refund = { shortcut: '#Refund', title: 'Refunds', text: 'Hi {visitor.name}, refunds take 5 days. — {agent.name}' };

describe('canned responses', () => {
  it('lets owners and admins write them, stores the shortcut without # in lower case, keeps placeholders, and audits it', async () => {
    const t = await setup();
    const made = await t.call('POST', '/api/v1/canned-responses', refund, t.admin.token);
    expect(made.status).toBe(201);
    expect(made.headers.get('etag')).toBe('"1"');
    expect(made.headers.get('location')).toBe(`/api/v1/canned-responses/${made.json.id}`);
    expect(made.json).toMatchObject({ shortcut: 'refund', title: 'Refunds', text: refund.text, widgetId: null, version: 1 });
    const [entry] = await t.audit('canned_response');
    expect(entry).toMatchObject({
      action: 'canned_response.created',
      targetType: 'canned_response',
      targetId: made.json.id,
      actor: { userId: t.admin.user.id },
      changes: expect.arrayContaining([
        { path: '/shortcut', to: 'refund' },
        { path: '/text', to: refund.text },
      ]),
    });
  });

  it('refuses agents and supervisors who try to write, and saves nothing', async () => {
    const t = await setup();
    for (const m of [t.a1, t.supervisor]) {
      const r = await t.call('POST', '/api/v1/canned-responses', refund, m.token);
      expect(r.status).toBe(403);
      expect(r.json.code).toBe('forbidden');
    }
    expect((await t.call('GET', '/api/v1/canned-responses', undefined, t.o.token)).json.items).toEqual([]);
    expect(await t.audit('canned_response')).toEqual([]);
  });

  it('refuses bad input with problem+json pointing at each field, and saves nothing', async () => {
    const t = await setup();
    const bad = await t.call(
      'POST',
      '/api/v1/canned-responses',
      { shortcut: 'no spaces!', title: '   ', text: 'x'.repeat(5001), widgetId: 7 },
      t.o.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.json.code).toBe('validation_failed');
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/shortcut', '/text', '/title', '/widgetId']);
    const tooLong = await t.call('POST', '/api/v1/canned-responses', { ...refund, shortcut: 'a'.repeat(33) }, t.o.token);
    expect(tooLong.json.errors[0].path).toBe('/shortcut');
    const unknownWidget = await t.call('POST', '/api/v1/canned-responses', { ...refund, widgetId: 'nope' }, t.o.token);
    expect(unknownWidget.status).toBe(400);
    expect(unknownWidget.json.errors).toEqual([expect.objectContaining({ path: '/widgetId', code: 'unknown_widget' })]);
    expect((await t.call('GET', '/api/v1/canned-responses', undefined, t.o.token)).json.items).toEqual([]);
    expect(await t.audit('canned_response')).toEqual([]);
  });

  it('answers 409 shortcut_taken for a shortcut already used in the same scope, whatever its case or #', async () => {
    const t = await setup();
    await t.call('POST', '/api/v1/canned-responses', refund, t.o.token);
    const again = await t.call('POST', '/api/v1/canned-responses', { ...refund, shortcut: 'REFUND' }, t.o.token);
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 'shortcut_taken', errors: [{ path: '/shortcut', code: 'shortcut_taken' }] });
    const forWidget = await t.call('POST', '/api/v1/canned-responses', { ...refund, widgetId: t.w1.id }, t.o.token);
    expect(forWidget.status).toBe(201);
    const moved = await t.call('PATCH', `/api/v1/canned-responses/${forWidget.json.id}`, { widgetId: null }, t.o.token);
    expect(moved.status).toBe(409);
    expect(moved.json.code).toBe('shortcut_taken');
    expect((await t.call('GET', `/api/v1/canned-responses/${forWidget.json.id}`, undefined, t.o.token)).json.widgetId).toBe(t.w1.id);
    expect(await t.audit('canned_response')).toHaveLength(2);
  });

  it('shows agents the account-wide responses and those of their widgets only', async () => {
    const t = await setup();
    const wide = (await t.call('POST', '/api/v1/canned-responses', refund, t.o.token)).json;
    const mine = (
      await t.call('POST', '/api/v1/canned-responses', { shortcut: 'hello', title: 'Hello', text: 'Hello!', widgetId: t.w1.id }, t.o.token)
    ).json;
    const theirs = (
      await t.call('POST', '/api/v1/canned-responses', { shortcut: 'deal', title: 'Deal', text: 'A deal.', widgetId: t.w2.id }, t.o.token)
    ).json;
    const ids = async (token: string, query = '') =>
      (await t.call('GET', `/api/v1/canned-responses${query}`, undefined, token)).json.items.map((r: { id: string }) => r.id);
    expect(await ids(t.a1.token)).toEqual([wide.id, mine.id]);
    expect(await ids(t.a2.token)).toEqual([wide.id, theirs.id]);
    expect(await ids(t.supervisor.token)).toEqual([wide.id, mine.id, theirs.id]);
    expect(await ids(t.a1.token, `?widgetId=${t.w2.id}`)).toEqual([wide.id]);
    expect(await ids(t.o.token, `?widgetId=${t.w2.id}`)).toEqual([wide.id, theirs.id]);
    const hidden = await t.call('GET', `/api/v1/canned-responses/${theirs.id}`, undefined, t.a1.token);
    expect(hidden.status).toBe(404);
    expect(hidden.json.code).toBe('not_found');
    expect((await t.call('GET', `/api/v1/canned-responses/${mine.id}`, undefined, t.a1.token)).json).toEqual(mine);
    const stranger = await t.owner();
    expect((await t.call('GET', `/api/v1/canned-responses/${wide.id}`, undefined, stranger.token)).status).toBe(404);
    expect(await ids(stranger.token)).toEqual([]);
  });

  it('finds text in the shortcut, title or text without regard to case, in pages with a cursor', async () => {
    const t = await setup();
    const made = [];
    for (const [shortcut, title, text] of [
      ['refund', 'Money back', 'Within 5 days.'],
      ['ship', 'Shipping', 'Your REFUND is on its way.'],
      ['late', 'Refund when late', 'Sorry.'],
      ['hello', 'Hello', 'Hello {visitor.name}!'],
    ])
      made.push((await t.call('POST', '/api/v1/canned-responses', { shortcut, title, text }, t.o.token)).json.id);
    const first = await t.call('GET', '/api/v1/canned-responses?q=Refund&limit=2', undefined, t.a1.token);
    expect(first.json.items.map((r: { id: string }) => r.id)).toEqual(made.slice(0, 2));
    const next = await t.call(
      'GET',
      `/api/v1/canned-responses?q=Refund&limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`,
      undefined,
      t.a1.token,
    );
    expect(next.json).toEqual({ items: [expect.objectContaining({ id: made[2] })], nextCursor: null });
    expect(
      (await t.call('GET', '/api/v1/canned-responses?q=%7Bvisitor', undefined, t.a1.token)).json.items.map((r: { id: string }) => r.id),
    ).toEqual([made[3]]);
    expect((await t.call('GET', '/api/v1/canned-responses?limit=0', undefined, t.a1.token)).status).toBe(400);
  });

  it('changes a response with If-Match (a stale one gets 412), audits before and after, and reverts it', async () => {
    const t = await setup();
    const made = (await t.call('POST', '/api/v1/canned-responses', refund, t.o.token)).json;
    const changed = await t.call('PATCH', `/api/v1/canned-responses/${made.id}`, { title: 'Money back', text: 'Changed.' }, t.admin.token, {
      'if-match': '"1"',
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    const stale = await t.call('PATCH', `/api/v1/canned-responses/${made.id}`, { title: 'Stale' }, t.admin.token, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.json.code).toBe('version_mismatch');
    expect((await t.call('GET', `/api/v1/canned-responses/${made.id}`, undefined, t.o.token)).json.title).toBe('Money back');
    const byAgent = await t.call('PATCH', `/api/v1/canned-responses/${made.id}`, { title: 'Mine' }, t.a1.token);
    expect(byAgent.status).toBe(403);
    const [entry] = await t.audit('canned_response');
    expect(entry).toMatchObject({
      action: 'canned_response.updated',
      revertible: true,
      changes: [
        { path: '/text', from: refund.text, to: 'Changed.' },
        { path: '/title', from: 'Refunds', to: 'Money back' },
      ],
    });
    const revert = await t.call('POST', `/api/v1/audit/${entry.id}/revert`, undefined, t.o.token);
    expect(revert.status).toBe(200);
    expect(revert.json.revertOf).toBe(entry.id);
    expect((await t.call('GET', `/api/v1/canned-responses/${made.id}`, undefined, t.o.token)).json).toMatchObject({
      title: 'Refunds',
      text: refund.text,
      version: 3,
    });
  });

  it('deletes a response (owners and admins), audited with what it held', async () => {
    const t = await setup();
    const made = (await t.call('POST', '/api/v1/canned-responses', refund, t.o.token)).json;
    expect((await t.call('DELETE', `/api/v1/canned-responses/${made.id}`, undefined, t.a1.token)).status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/canned-responses/${made.id}`, undefined, t.admin.token)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/canned-responses/${made.id}`, undefined, t.o.token)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/canned-responses/${made.id}`, undefined, t.admin.token)).status).toBe(404);
    const [entry] = await t.audit('canned_response');
    expect(entry).toMatchObject({
      action: 'canned_response.deleted',
      revertible: false,
      changes: expect.arrayContaining([{ path: '/shortcut', from: 'refund' }]),
    });
  });
});

describe('canned responses of a deleted widget', () => {
  it('are deleted with the widget, each audited, while the account-wide ones stay', async () => {
    const t = await setup();
    const wide = (await t.call('POST', '/api/v1/canned-responses', refund, t.o.token)).json;
    const own = (await t.call('POST', '/api/v1/canned-responses', { ...refund, widgetId: t.w2.id }, t.o.token)).json;
    const other = (await t.call('POST', '/api/v1/canned-responses', { ...refund, widgetId: t.w1.id }, t.o.token)).json;
    expect((await t.call('DELETE', `/api/v1/widgets/${t.w2.id}`, undefined, t.o.token)).status).toBe(204);
    expect((await t.call('GET', '/api/v1/canned-responses', undefined, t.o.token)).json.items.map((r: { id: string }) => r.id)).toEqual([
      wide.id,
      other.id,
    ]);
    expect((await t.call('GET', `/api/v1/canned-responses/${own.id}`, undefined, t.o.token)).status).toBe(404);
    const [entry] = await t.audit('canned_response');
    expect(entry).toMatchObject({ action: 'canned_response.deleted', targetId: own.id, widgetId: t.w2.id });
  });
});

describe('labels', () => {
  it('lets owners and admins define labels that every user reads, unique by name whatever the case, audited', async () => {
    const t = await setup();
    const vip = await t.call('POST', '/api/v1/labels', { name: 'VIP', color: '#FFAA00' }, t.admin.token);
    expect(vip.status).toBe(201);
    expect(vip.json).toMatchObject({ name: 'VIP', color: '#ffaa00', version: 1 });
    expect((await t.call('POST', '/api/v1/labels', { name: 'billing', color: '#000000' }, t.o.token)).status).toBe(201);
    const again = await t.call('POST', '/api/v1/labels', { name: 'vip', color: '#000000' }, t.o.token);
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 'label_name_taken', errors: [{ path: '/name' }] });
    const byAgent = await t.call('POST', '/api/v1/labels', { name: 'Mine', color: '#000000' }, t.a1.token);
    expect(byAgent.status).toBe(403);
    expect((await t.call('GET', '/api/v1/labels', undefined, t.a1.token)).json.items.map((l: { name: string }) => l.name)).toEqual([
      'billing',
      'VIP',
    ]);
    const entries = await t.audit('label');
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['label.created', 'label.created']);
    expect(entries[1]).toMatchObject({
      targetId: vip.json.id,
      changes: expect.arrayContaining([
        { path: '/name', to: 'VIP' },
        { path: '/color', to: '#ffaa00' },
      ]),
    });
  });

  it('refuses a bad name or colour with problem+json pointers, and saves nothing', async () => {
    const t = await setup();
    const bad = await t.call('POST', '/api/v1/labels', { name: '', color: 'red' }, t.o.token);
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/color', '/name']);
    expect((await t.call('POST', '/api/v1/labels', { name: 'x', color: '#12345' }, t.o.token)).json.errors[0].path).toBe('/color');
    expect((await t.call('POST', '/api/v1/labels', { name: 'x', color: '#123456', extra: 1 }, t.o.token)).status).toBe(400);
    expect((await t.call('GET', '/api/v1/labels', undefined, t.o.token)).json.items).toEqual([]);
    expect(await t.audit('label')).toEqual([]);
  });

  it('renames with If-Match (412 when stale), audits before and after, reverts, and deletes', async () => {
    const t = await setup();
    const l = (await t.call('POST', '/api/v1/labels', { name: 'Bug', color: '#ff0000' }, t.o.token)).json;
    const renamed = await t.call('PATCH', `/api/v1/labels/${l.id}`, { name: 'Defect' }, t.o.token, { 'if-match': '"1"' });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('etag')).toBe('"2"');
    const stale = await t.call('PATCH', `/api/v1/labels/${l.id}`, { color: '#00ff00' }, t.o.token, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    const [entry] = await t.audit('label');
    expect(entry).toMatchObject({ action: 'label.updated', revertible: true, changes: [{ path: '/name', from: 'Bug', to: 'Defect' }] });
    expect((await t.call('POST', `/api/v1/audit/${entry.id}/revert`, undefined, t.o.token)).status).toBe(200);
    expect((await t.call('GET', '/api/v1/labels', undefined, t.o.token)).json.items).toEqual([
      expect.objectContaining({ name: 'Bug', color: '#ff0000', version: 3 }),
    ]);
    const one = await t.call('GET', `/api/v1/labels/${l.id}`, undefined, t.a1.token);
    expect(one.headers.get('etag')).toBe('"3"');
    expect(one.json).toMatchObject({ id: l.id, name: 'Bug' });
    expect((await t.call('DELETE', `/api/v1/labels/${l.id}`, undefined, t.a1.token)).status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/labels/${l.id}`, undefined, t.o.token)).status).toBe(204);
    expect((await t.call('GET', '/api/v1/labels', undefined, t.o.token)).json.items).toEqual([]);
    expect((await t.call('GET', `/api/v1/labels/${l.id}`, undefined, t.o.token)).status).toBe(404);
    expect((await t.audit('label'))[0]).toMatchObject({
      action: 'label.deleted',
      changes: expect.arrayContaining([{ path: '/name', from: 'Bug' }]),
    });
  });
});

describe('labels on chats', () => {
  const twoLabels = async (t: Awaited<ReturnType<typeof setup>>) => {
    const vip = (await t.call('POST', '/api/v1/labels', { name: 'VIP', color: '#ffaa00' }, t.o.token)).json;
    const bug = (await t.call('POST', '/api/v1/labels', { name: 'Bug', color: '#ff0000' }, t.o.token)).json;
    return { vip, bug };
  };

  it('lets the chat’s agent set labels, stores them with the chat and as a chat.labeled event with ids before and after and who labeled', async () => {
    const t = await setup();
    const { vip, bug } = await twoLabels(t);
    const chat = await t.start();
    const set = await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [vip.id, bug.id, vip.id] }, t.a1.token);
    expect(set.status).toBe(200);
    const both = [vip.id, bug.id].sort();
    expect(set.json.labels).toEqual(both);
    expect(set.headers.get('etag')).toBe(`"${set.json.version}"`);
    const again = await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [bug.id] }, t.supervisor.token);
    expect(again.json.labels).toEqual([bug.id]);
    const same = await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [bug.id] }, t.a1.token);
    expect(same.json.version).toBe(again.json.version);
    const transcript = (await t.call('GET', `/api/v1/chats/${chat.chatId}`, undefined, t.a1.token)).json;
    expect(transcript.chat.labels).toEqual([bug.id]);
    const labeled = transcript.events.filter((e: { type: string }) => e.type === 'chat.labeled');
    expect(labeled.map((e: { data: unknown }) => e.data)).toEqual([
      { before: [], after: both, byUserId: t.a1.user.id, byUserName: 'Pat agent' },
      { before: both, after: [bug.id], byUserId: t.supervisor.user.id, byUserName: 'Pat supervisor' },
    ]);
  });

  it('refuses agents who are not the chat’s, unknown labels and a stale If-Match, changing nothing', async () => {
    const t = await setup();
    const { vip } = await twoLabels(t);
    const chat = await t.start();
    const other = await t.member(t.o.token, 'agent');
    await t.call('PUT', `/api/v1/widgets/${t.w1.id}/agents`, { agentIds: [t.a1.user.id, other.user.id] }, t.o.token);
    const notHis = await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [vip.id] }, other.token);
    expect(notHis.status).toBe(403);
    expect((await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [vip.id] }, t.a2.token)).status).toBe(404);
    const unknown = await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [vip.id, 'nope'] }, t.a1.token);
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toEqual([expect.objectContaining({ path: '/labelIds/1', code: 'unknown_label' })]);
    const tooMany = await t.call(
      'PUT',
      `/api/v1/chats/${chat.chatId}/labels`,
      { labelIds: Array.from({ length: 21 }, () => vip.id) },
      t.a1.token,
    );
    expect(tooMany.json.errors[0].path).toBe('/labelIds');
    const current = (await t.call('GET', `/api/v1/chats/${chat.chatId}`, undefined, t.a1.token)).json.chat;
    const stale = await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [vip.id] }, t.a1.token, {
      'if-match': `"${current.version - 1}"`,
    });
    expect(stale.status).toBe(412);
    const after = (await t.call('GET', `/api/v1/chats/${chat.chatId}`, undefined, t.a1.token)).json;
    expect(after.chat).toMatchObject({ labels: [], version: current.version });
    expect(after.events.some((e: { type: string }) => e.type === 'chat.labeled')).toBe(false);
    const ok = await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [vip.id] }, t.a1.token, {
      'if-match': `"${current.version}"`,
    });
    expect(ok.status).toBe(200);
  });

  it('lists the chats that carry a label', async () => {
    const t = await setup();
    const { vip, bug } = await twoLabels(t);
    const first = await t.start();
    const second = await t.start();
    const third = await t.start();
    await t.call('PUT', `/api/v1/chats/${first.chatId}/labels`, { labelIds: [vip.id] }, t.o.token);
    await t.call('PUT', `/api/v1/chats/${third.chatId}/labels`, { labelIds: [vip.id, bug.id] }, t.o.token);
    const ids = async (query: string, token = t.o.token) =>
      (await t.call('GET', `/api/v1/chats${query}`, undefined, token)).json.items.map((c: { id: string }) => c.id);
    expect(await ids(`?label=${vip.id}`)).toEqual([third.chatId, first.chatId]);
    expect(await ids(`?label=${bug.id}`)).toEqual([third.chatId]);
    expect(await ids(`?label=${bug.id}`, t.a2.token)).toEqual([]);
    expect(await ids(`?label=${vip.id}&status=active`)).toEqual([third.chatId, first.chatId]);
    expect(await ids(`?label=${vip.id}&status=closed`)).toEqual([]);
    expect(await ids('')).toEqual([third.chatId, second.chatId, first.chatId]);
  });

  it('with requireLabelToClose, answers 409 label_required to a user closing an unlabeled chat, never to the visitor', async () => {
    const t = await setup();
    const { vip } = await twoLabels(t);
    const setting = await t.call('PATCH', `/api/v1/widgets/${t.w1.id}`, { settings: { requireLabelToClose: true } }, t.o.token);
    expect(setting.json.settings.requireLabelToClose).toBe(true);
    expect((await t.audit('widget'))[0]).toMatchObject({
      action: 'widget.updated',
      changes: [{ path: '/settings/requireLabelToClose', from: false, to: true }],
    });
    const chat = await t.start();
    for (const token of [t.a1.token, t.supervisor.token]) {
      const refused = await t.call('POST', `/api/v1/chats/${chat.chatId}/close`, undefined, token);
      expect(refused.status).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.json.code).toBe('label_required');
    }
    expect((await t.call('GET', `/api/v1/chats/${chat.chatId}`, undefined, t.a1.token)).json.chat.status).toBe('active');
    await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [vip.id] }, t.a1.token);
    expect((await t.call('POST', `/api/v1/chats/${chat.chatId}/close`, undefined, t.a1.token)).json.status).toBe('closed');
    const byVisitor = await t.start();
    const closed = await t.call('POST', `/api/v1/chats/${byVisitor.chatId}/close`, undefined, byVisitor.visitorToken);
    expect(closed.status).toBe(200);
    expect(closed.json.status).toBe('closed');
    // A label that was deleted does not count.
    const gone = (await t.call('POST', '/api/v1/labels', { name: 'Gone', color: '#000000' }, t.o.token)).json;
    const orphan = await t.start();
    await t.call('PUT', `/api/v1/chats/${orphan.chatId}/labels`, { labelIds: [gone.id] }, t.a1.token);
    await t.call('DELETE', `/api/v1/labels/${gone.id}`, undefined, t.o.token);
    expect((await t.call('POST', `/api/v1/chats/${orphan.chatId}/close`, undefined, t.a1.token)).json.code).toBe('label_required');
    // Without the setting (the default), an unlabeled chat closes.
    await t.call('PATCH', `/api/v1/widgets/${t.w1.id}`, { settings: { requireLabelToClose: false } }, t.o.token);
    const plain = await t.start();
    expect((await t.call('POST', `/api/v1/chats/${plain.chatId}/close`, undefined, t.a1.token)).json.status).toBe('closed');
  });

  it('pushes conversation.labeled with label names, and the finished support request with labels[]', async () => {
    const t = await setup();
    const { vip, bug } = await twoLabels(t);
    const put = await t.call(
      'PUT',
      `/api/v1/widgets/${t.w1.id}/integrations/open-api`,
      { url: 'https://hooks.example.com/parley', events: ['chat.finished', 'conversation.labeled'] },
      t.o.token,
    );
    expect(put.status).toBe(201);
    const chat = await t.start();
    await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [vip.id] }, t.a1.token);
    await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [vip.id, bug.id] }, t.a1.token);
    await t.call('POST', `/api/v1/chats/${chat.chatId}/close`, undefined, t.a1.token);
    const list = (await t.call('GET', `/api/v1/widgets/${t.w1.id}/deliveries?limit=10`, undefined, t.o.token)).json.items;
    const payloads = [];
    for (const d of [...list].reverse())
      payloads.push((await t.call('GET', `/api/v1/deliveries/${d.id}`, undefined, t.o.token)).json.payload);
    expect(payloads.map((p: { event: string }) => p.event)).toEqual(['conversation.labeled', 'conversation.labeled', 'chat.finished']);
    expect(payloads[0]).toMatchObject({ request_id: chat.chatId, labels: ['VIP'], previous_labels: [], agent: { id: t.a1.user.id } });
    expect(payloads[1]).toMatchObject({ labels: ['Bug', 'VIP'], previous_labels: ['VIP'] });
    expect(payloads[2]).toMatchObject({ id: chat.chatId, labels: ['Bug', 'VIP'] });
  });

  it('documents every route in the OpenAPI document', async () => {
    const t = testApp();
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    expect(Object.keys(doc.paths['/api/v1/canned-responses'])).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/canned-responses/{id}'])).toEqual(['get', 'patch', 'delete']);
    expect(Object.keys(doc.paths['/api/v1/labels'])).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/labels/{id}'])).toEqual(['get', 'patch', 'delete']);
    expect(doc.paths['/api/v1/chats/{id}/labels'].put.responses).toHaveProperty('412');
    expect(doc.components.schemas).toHaveProperty('CannedResponse');
    expect(doc.components.schemas).toHaveProperty('Label');
    expect(doc.components.schemas.Chat.properties).toHaveProperty('labels');
    expect(doc.components.schemas.Widget.properties.settings.properties).toHaveProperty('requireLabelToClose');
    const label = doc.paths['/api/v1/chats'].get.parameters.find((p: { name: string }) => p.name === 'label');
    expect(label.schema.description).toBe('Only chats that carry this label (its id).');
    const q = doc.paths['/api/v1/canned-responses'].get.parameters.find((p: { name: string }) => p.name === 'q');
    expect(q.schema.description).toContain('without regard to case');
  });
});
