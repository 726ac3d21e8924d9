import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

/** Two widgets: `support` served by the agent, `sales` by nobody; a chat on each about a refund. */
const setup = async () => {
  const t = testApp();
  const o = await t.owner();
  const agent = await t.member(o.token, 'agent');
  const supervisor = await t.member(o.token, 'supervisor');
  const support = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  const sales = (await t.call('POST', '/api/v1/widgets', { name: 'Sales' }, o.token)).json;
  await t.call('PUT', `/api/v1/widgets/${support.id}/agents`, { agentIds: [agent.user.id] }, o.token);
  const start = async (widgetId: string, body: Record<string, unknown>) =>
    (await t.call('POST', `/api/v1/widgets/${widgetId}/chats`, body)).json.chatId as string;
  const onSupport = await start(support.id, {
    message: 'I would like a refund for order 1234, it arrived broken.',
    name: 'Vera Visitor',
    email: 'vera@example.com',
  });
  const onSales = await start(sales.id, {
    message: 'Do you give a refund on bulk orders?',
    name: 'Olaf Ölberg',
    email: 'olaf@shop.example',
  });
  const ids = (r: { json: { items: { id: string }[] } }) => r.json.items.map((c) => c.id);
  return { ...t, o, agent, supervisor, support, sales, onSupport, onSales, ids };
};

describe('chat search', () => {
  it('finds chats by a word beginning in their messages, newest first, with the text around the hit', async () => {
    const t = await setup();
    const found = await t.call('GET', '/api/v1/chats?q=REFU', undefined, t.supervisor.token);
    expect(found.status).toBe(200);
    expect(t.ids(found)).toEqual([t.onSales, t.onSupport].sort().reverse());
    const support = found.json.items.find((c: { id: string }) => c.id === t.onSupport);
    expect(support.match).toEqual({ field: 'message', snippet: 'I would like a refund for order 1234, it arrived broken.' });
    expect(support.visitorTokenHash).toBeUndefined();
    expect(t.ids(await t.call('GET', '/api/v1/chats?q=oelberg', undefined, t.supervisor.token))).toEqual([]);
    const byName = await t.call('GET', '/api/v1/chats?q=olberg', undefined, t.supervisor.token);
    expect(byName.json.items.map((c: { id: string; match: unknown }) => [c.id, c.match])).toEqual([
      [t.onSales, { field: 'visitorName', snippet: 'Olaf Ölberg' }],
    ]);
    const byEmail = await t.call('GET', '/api/v1/chats?q=shop.example', undefined, t.supervisor.token);
    expect(byEmail.json.items.map((c: { match: unknown }) => c.match)).toEqual([{ field: 'visitorEmail', snippet: 'olaf@shop.example' }]);
  });

  it('lets agents find only chats of the widgets they serve, combined with the other filters', async () => {
    const t = await setup();
    const unrelated = (
      await t.call('POST', `/api/v1/widgets/${t.support.id}/chats`, {
        message: 'Where is my parcel?',
        name: 'Paula',
        email: 'paula@example.com',
      })
    ).json.chatId;
    expect(t.ids(await t.call('GET', '/api/v1/chats', undefined, t.agent.token))).toEqual([unrelated, t.onSupport].sort().reverse());
    expect(t.ids(await t.call('GET', '/api/v1/chats?q=refund', undefined, t.agent.token))).toEqual([t.onSupport]);
    expect(t.ids(await t.call('GET', `/api/v1/chats?q=refund&widgetId=${t.sales.id}`, undefined, t.agent.token))).toEqual([]);
    expect(t.ids(await t.call('GET', `/api/v1/chats?q=refund&widgetId=${t.sales.id}`, undefined, t.supervisor.token))).toEqual([t.onSales]);
    expect(t.ids(await t.call('GET', '/api/v1/chats?q=refund&status=closed', undefined, t.supervisor.token))).toEqual([]);
    const first = await t.call('GET', '/api/v1/chats?q=refund&limit=1', undefined, t.o.token);
    expect(first.json.nextCursor).not.toBeNull();
    const second = await t.call('GET', `/api/v1/chats?q=refund&limit=1&cursor=${first.json.nextCursor}`, undefined, t.o.token);
    expect([...t.ids(first), ...t.ids(second)]).toEqual([t.onSales, t.onSupport].sort().reverse());
    expect(second.json.nextCursor).toBeNull();
    // A blank q is no search: every chat, without match.
    const blank = await t.call('GET', '/api/v1/chats?q=%20', undefined, t.supervisor.token);
    expect(blank.json.items).toHaveLength(3);
    expect(blank.json.items[0].match).toBeUndefined();
  });

  it('refuses a q that is too long or has nothing to search for with problem+json', async () => {
    const t = await setup();
    for (const q of ['x'.repeat(201), '%21%3F*', '%22%2B-']) {
      const r = await t.call('GET', `/api/v1/chats?q=${q}`, undefined, t.supervisor.token);
      expect(r.status, q).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.json).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: '/q' })] });
    }
    expect((await t.call('GET', `/api/v1/chats?q=${'x'.repeat(200)}`, undefined, t.supervisor.token)).status).toBe(200);
  });

  it('documents q on the chat list', async () => {
    const t = await setup();
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    const q = doc.paths['/api/v1/chats'].get.parameters.find((p: { name: string }) => p.name === 'q');
    expect(q).toMatchObject({ in: 'query', schema: { type: 'string', maxLength: 200 } });
    expect(q.schema.description).toContain('refund');
    expect(doc.paths['/api/v1/chats'].get.responses['200'].content['application/json'].schema.properties.items.items).toEqual({
      $ref: '#/components/schemas/ListedChat',
    });
    expect(doc.components.schemas.ListedChat.allOf[1].properties.match.properties.field.enum).toEqual([
      'message',
      'visitorName',
      'visitorEmail',
    ]);
  });
});
