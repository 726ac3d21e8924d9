import { describe, expect, it } from 'vitest';
import type { HttpAppOptions } from './app.js';
import { testApp } from './testing/index.js';

/** An account with a widget whose agent is online, and a chat the agent took. */
const setup = async (limits: HttpAppOptions['limits'] = {}) => {
  const t = testApp({}, { limits });
  const { o, agent, widget } = await t.servedWidget();
  const start = async () =>
    (await t.call('POST', `/api/v1/widgets/${widget.id}/chats`, { message: 'Hello', email: 'vera@example.com', name: 'Vera' })).json as {
      chatId: string;
      visitorToken: string;
    };
  const chat = await start();
  const rate = (body: unknown, token = chat.visitorToken, headers: Record<string, string> = {}, chatId = chat.chatId) =>
    t.call('POST', `/api/v1/chats/${chatId}/survey`, body, token, headers);
  const stored = async (chatId = chat.chatId) => (await t.call('GET', `/api/v1/chats/${chatId}`, undefined, o.token)).json;
  return { ...t, o, agent, widget, start, chat, rate, stored };
};

describe('the visitor’s survey', () => {
  it('saves the rating of an ended chat once, shows it with the chat and its events, and refuses a second', async () => {
    const t = await setup();
    await t.call('POST', `/api/v1/chats/${t.chat.chatId}/close`, undefined, t.agent.token);
    const r = await t.rate({ score: 5, comment: 'Very helpful,\r\nthank you!' });
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ chatId: t.chat.chatId, survey: { score: 5, comment: 'Very helpful,\nthank you!', at: expect.any(String) } });
    const after = await t.stored();
    expect(after.chat.survey).toEqual(r.json.survey);
    expect(after.events.at(-1)).toMatchObject({ type: 'chat.surveyed', data: { score: 5, comment: 'Very helpful,\nthank you!' } });
    const listed = (await t.call('GET', '/api/v1/chats', undefined, t.agent.token)).json.items;
    expect(listed[0].survey).toMatchObject({ score: 5 });
    // The report counts it, for the agent and in all.
    const today = new Date().toISOString().slice(0, 10);
    const report = (await t.call('GET', `/api/v1/reports/chats?from=${today}&to=${today}`, undefined, t.o.token)).json;
    expect(report.totals.satisfaction).toEqual({ rated: 1, average: 5, satisfied: 1 });
    expect(report.agents).toMatchObject([{ agentId: t.agent.user.id, satisfaction: { rated: 1, average: 5, satisfied: 1 } }]);

    const again = await t.rate({ score: 1 });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.json).toMatchObject({ code: 'survey_taken', type: 'https://parley.dev/problems/survey_taken' });
    expect(await t.stored()).toEqual(after);
  });

  it('refuses a chat that has not ended, and one abandoned before an agent took it, with 409 not_surveyable', async () => {
    const t = await setup();
    const open = await t.rate({ score: 4 });
    expect(open.status).toBe(409);
    expect(open.json.code).toBe('not_surveyable');
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'paused' }, t.agent.token);
    const queued = await t.start();
    await t.call('POST', `/api/v1/chats/${queued.chatId}/close`, undefined, queued.visitorToken);
    expect((await t.stored(queued.chatId)).chat.status).toBe('abandoned');
    expect((await t.rate({ score: 4 }, queued.visitorToken, {}, queued.chatId)).json.code).toBe('not_surveyable');
    expect((await t.stored()).chat.survey).toBeNull();
    expect((await t.stored(queued.chatId)).chat.survey).toBeNull();
  });

  it('refuses bad input with problem+json naming the field, and saves nothing', async () => {
    const t = await setup();
    await t.call('POST', `/api/v1/chats/${t.chat.chatId}/close`, undefined, t.chat.visitorToken);
    for (const [body, path] of [
      [{}, '/score'],
      [{ score: 0 }, '/score'],
      [{ score: 6 }, '/score'],
      [{ score: 3.5 }, '/score'],
      [{ score: '5' }, '/score'],
      [{ score: 5, comment: 'x'.repeat(2001) }, '/comment'],
      [{ score: 5, comment: 42 }, '/comment'],
      [{ score: 5, comment: 'bad \ud800 text' }, '/comment'],
      [{ score: 5, stars: 5 }, ''],
    ] as const) {
      const r = await t.rate(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.json.code).toBe('validation_failed');
      if (path)
        expect(
          r.json.errors.map((e: { path: string }) => e.path),
          JSON.stringify(body),
        ).toContain(path);
    }
    expect((await t.rate('{"score":')).json.code).toBe('malformed_json');
    const before = await t.stored();
    expect(before.chat.survey).toBeNull();
    expect(before.events.some((e: { type: string }) => e.type === 'chat.surveyed')).toBe(false);
    expect((await t.rate({ score: 3, comment: 'x'.repeat(2000) })).status).toBe(201);
  });

  it('takes the rating from the chat’s own visitor only: not another chat’s token, not a user, not a foreign site', async () => {
    const t = await setup();
    const other = await t.start();
    await t.call('POST', `/api/v1/chats/${t.chat.chatId}/close`, undefined, t.agent.token);
    const wrongToken = await t.rate({ score: 5 }, other.visitorToken);
    expect(wrongToken.status).toBe(401);
    expect(wrongToken.json.code).toBe('unauthenticated');
    const user = await t.rate({ score: 5 }, t.agent.token);
    expect(user.status).toBe(403);
    expect(user.json.code).toBe('forbidden');
    await t.call('PATCH', `/api/v1/widgets/${t.widget.id}`, { settings: { allowedOrigins: ['https://shop.example.com'] } }, t.o.token);
    const foreign = await t.rate({ score: 5 }, t.chat.visitorToken, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.code).toBe('origin_not_allowed');
    expect(foreign.headers.get('access-control-allow-origin')).toBe('*');
    expect((await t.stored()).chat.survey).toBeNull();
    expect((await t.rate({ score: 5 }, t.chat.visitorToken, { origin: 'https://shop.example.com' })).status).toBe(201);
  });

  it('shares the chat’s write allowance, and answers CORS preflights for any origin', async () => {
    const t = await setup({ chatWritesPerChat: { points: 1, durationSeconds: 60 } });
    await t.call('POST', `/api/v1/chats/${t.chat.chatId}/close`, undefined, t.chat.visitorToken);
    const limited = await t.rate({ score: 5 });
    expect(limited.status).toBe(429);
    expect(limited.json.code).toBe('rate_limited');
    expect((await t.stored()).chat.survey).toBeNull();
    const pre = await t.app.request(`/api/v1/chats/${t.chat.chatId}/survey`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    const route = doc.paths['/api/v1/chats/{id}/survey'].post;
    expect(route.security).toEqual([{ visitorToken: [] }]);
    expect(route.requestBody.content['application/json'].schema.properties.score).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 5,
    });
    expect(route.description).toContain('survey_taken');
    expect(doc.components.schemas.Chat.properties.survey).toBeDefined();
  });
});
