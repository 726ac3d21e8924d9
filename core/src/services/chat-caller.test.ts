import { describe, expect, it } from 'vitest';
import { expectParleyError, makeWorld, META, OWNER_PASSWORD } from '../../test-support/fakes.js';

const setup = async () => {
  const w = await makeWorld();
  const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
  const start = () => w.parley.chats.start(widget.id, { message: 'Hello', email: 'vera@example.com', name: 'Vera' }, META);
  const { token } = await w.parley.auth.login({ email: 'owner@acme.example', password: OWNER_PASSWORD }, META);
  return { ...w, start, session: token };
};

describe('the caller of a chat route', () => {
  it('is the chat’s visitor for its visitor token, with the chat or as their identity only', async () => {
    const w = await setup();
    const { chat, visitorToken } = await w.start();
    const withChat = await w.parley.chatCaller({ chatId: chat.id, bearer: visitorToken, meta: META });
    expect(withChat.kind === 'visitor' && withChat.visitor.chat.id).toBe(chat.id);
    const identity = await w.parley.chatCaller({ chatId: chat.id, bearer: visitorToken, meta: META, identityOnly: true });
    const { accountId, widgetId } = chat;
    expect(identity).toEqual({ kind: 'visitor', visitor: { kind: 'visitor', chatId: chat.id, accountId, widgetId } });
  });

  it('is a user for a session token, as a bearer token or as the cookie’s', async () => {
    const w = await setup();
    const { chat } = await w.start();
    for (const credentials of [{ bearer: w.session }, { session: w.session }]) {
      const caller = await w.parley.chatCaller({ chatId: chat.id, ...credentials, meta: META });
      expect(caller.kind === 'user' && caller.user.userId).toBe(w.owner.userId);
    }
  });

  it('is nobody for another chat’s visitor token, an unknown token or none', async () => {
    const w = await setup();
    const one = await w.start();
    const two = await w.start();
    await expectParleyError(w.parley.chatCaller({ chatId: one.chat.id, bearer: two.visitorToken, meta: META }), 'unauthenticated');
    await expectParleyError(w.parley.chatCaller({ chatId: one.chat.id, bearer: 'nope', meta: META }), 'unauthenticated');
    await expectParleyError(w.parley.chatCaller({ chatId: one.chat.id, meta: META }), 'unauthenticated');
  });

  it('does not read the cookie’s session when a bearer token is sent', async () => {
    const w = await setup();
    const { chat } = await w.start();
    await expectParleyError(w.parley.chatCaller({ chatId: chat.id, bearer: 'nope', session: w.session, meta: META }), 'unauthenticated');
  });
});
