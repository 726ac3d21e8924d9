import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

const setup = async () => {
  const t = testApp();
  const o = await t.owner();
  const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  const patch = (settings: unknown) => t.call('PATCH', `/api/v1/widgets/${widget.id}`, { settings }, o.token);
  return { ...t, o, widget, patch };
};

const RULE = {
  id: 'pricing',
  message: 'Questions about our plans?',
  delaySeconds: 5,
  minPagesViewed: 2,
  urlPattern: 'https://shop.example/pricing*',
};
const STORED = { ...RULE, referrerPattern: null, onlyWhenAgentsOnline: true };

describe('PATCH /api/v1/widgets/:id — proactive rules', () => {
  it('saves the rules with their defaults, audited before and after, revertible, and the public config carries them', async () => {
    const t = await setup();
    const r = await t.patch({ proactiveRules: [RULE] });
    expect(r.status).toBe(200);
    expect(r.json.settings.proactiveRules).toEqual([STORED]);
    const config = await t.call('GET', `/api/v1/widgets/${t.widget.id}/config`, undefined, undefined, { origin: 'https://shop.example' });
    expect(config.status).toBe(200);
    expect(config.json.proactiveRules).toEqual([STORED]);
    const [entry] = (await t.call('GET', '/api/v1/audit?type=widget', undefined, t.o.token)).json.items;
    expect(entry).toMatchObject({
      action: 'widget.updated',
      revertible: true,
      changes: [{ path: '/settings/proactiveRules', from: [], to: [STORED] }],
    });
    expect((await t.call('POST', `/api/v1/audit/${entry.id}/revert`, undefined, t.o.token)).status).toBe(200);
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/config`)).json.proactiveRules).toEqual([]);
  });

  it('refuses bad rules with problem+json pointing at each field, and changes nothing', async () => {
    const t = await setup();
    await t.patch({ proactiveRules: [RULE] });
    const before = (await t.call('GET', `/api/v1/widgets/${t.widget.id}`, undefined, t.o.token)).json;
    const r = await t.patch({
      proactiveRules: [
        { ...RULE, message: '', delaySeconds: 3601 },
        { ...RULE, id: 'any page', minPagesViewed: 101, referrerPattern: 7, onlyWhenAgentsOnline: null },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json.code).toBe('validation_failed');
    expect(r.json.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/settings/proactiveRules/0/delaySeconds',
      '/settings/proactiveRules/0/message',
      '/settings/proactiveRules/1/id',
      '/settings/proactiveRules/1/minPagesViewed',
      '/settings/proactiveRules/1/onlyWhenAgentsOnline',
      '/settings/proactiveRules/1/referrerPattern',
    ]);
    const tooMany = await t.patch({ proactiveRules: Array.from({ length: 21 }, (_, i) => ({ id: `r${i}`, message: 'Hi' })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors.map((e: { path: string }) => e.path)).toEqual(['/settings/proactiveRules']);
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}`, undefined, t.o.token)).json).toEqual(before);
  });
});

describe('POST /api/v1/widgets/:id/chats — proactive', () => {
  it('stores that the visitor answered an invitation: the chat and its support-request payload say so', async () => {
    const t = await setup();
    await t.call('PUT', `/api/v1/widgets/${t.widget.id}/integrations/open-api`, { url: 'https://hooks.example.com/parley' }, t.o.token);
    // Nobody is online: an offline request, whose delivery carries the payload at once.
    const started = await t.call('POST', `/api/v1/widgets/${t.widget.id}/chats`, {
      message: 'Yes please',
      email: 'vera@example.com',
      proactive: true,
    });
    expect(started.status).toBe(201);
    const chat = await t.call('GET', `/api/v1/chats/${started.json.chatId}`, undefined, t.o.token);
    expect(chat.json.chat ?? chat.json).toMatchObject({ proactive: true });
    const [delivery] = (await t.call('GET', `/api/v1/widgets/${t.widget.id}/deliveries`, undefined, t.o.token)).json.items;
    expect((await t.call('GET', `/api/v1/deliveries/${delivery.id}`, undefined, t.o.token)).json.payload).toMatchObject({
      proactive_chat: true,
    });
    const plain = await t.call('POST', `/api/v1/widgets/${t.widget.id}/chats`, { message: 'Hi', email: 'vera@example.com' });
    const plainChat = await t.call('GET', `/api/v1/chats/${plain.json.chatId}`, undefined, t.o.token);
    expect(plainChat.json.chat ?? plainChat.json).toMatchObject({ proactive: false });
    const bad = await t.call('POST', `/api/v1/widgets/${t.widget.id}/chats`, {
      message: 'Hi',
      email: 'vera@example.com',
      proactive: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(['/proactive']);
  });
});
