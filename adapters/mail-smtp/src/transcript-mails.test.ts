import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryDispatcher } from '@parley/core';
import { testApp } from '@parley/http-hono/testing';
import { SmtpMailer } from './smtp-mailer.js';
import { parseSmtpUrl } from './smtp-url.js';
import { startTestSmtpServer, type TestSmtpServer } from './testing/index.js';

const open: TestSmtpServer[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.stop();
});

/** A widget with an online agent over the HTTP app, and a dispatcher sending the outbox to a real SMTP server. */
const world = async () => {
  const smtp = await startTestSmtpServer();
  open.push(smtp);
  const t = testApp();
  const { o, agent, widget } = await t.servedWidget();
  const mailer = new SmtpMailer({ smtp: parseSmtpUrl(smtp.url), from: 'no-reply@acme.example', timeoutMs: 2_000 });
  const dispatcher = new DeliveryDispatcher(
    { ...t.deps, secretBox: t.deps.secretBox!, transport: { send: () => Promise.reject(new Error('no webhooks here')) }, mailer },
    { workerId: 'mail-test' },
  );
  return { ...t, smtp, o, agent, widget, dispatcher };
};

describe('POST /api/v1/chats/:id/transcript', () => {
  it('mails the visitor the transcript with agent aliases, in the language the widget speaks to them, three times a chat at most', async () => {
    const w = await world();
    const started = await w.call('POST', `/api/v1/widgets/${w.widget.id}/chats`, {
      name: 'Vera <b>',
      email: 'vera@example.org',
      message: 'Hallo, <i>Frage</i>',
      pageUrl: 'https://shop.example/p?q=1&x=<2>',
      language: 'fr-FR',
    });
    expect(started.status).toBe(201);
    const { chatId, visitorToken } = started.json;
    const chat = { id: chatId as string };
    await w.call('POST', `/api/v1/chats/${chat.id}/messages`, { text: 'Bonjour !' }, w.agent.token);
    // The widget sends the language it speaks (here the page's choice); the browser's (fr-FR above) is not asked.
    const asked = await w.call('POST', `/api/v1/chats/${chat.id}/transcript`, { language: 'fr' }, visitorToken);
    expect(asked.status).toBe(202);
    expect(asked.json).toEqual({ email: 'vera@example.org' });
    expect(asked.headers.get('access-control-allow-origin')).toBe('*');
    await w.dispatcher.runOnce();
    const [got] = await w.smtp.waitFor(1);
    expect(got!.envelopeTo).toEqual(['vera@example.org']);
    expect(got!.parsed.subject).toBe('La transcription de votre chat (Support)');
    expect(got!.parsed.text).toContain('Pat agent: Bonjour !');
    expect(got!.parsed.text).toContain('Vera <b>: Hallo, <i>Frage</i>');
    expect(got!.parsed.text).toContain('https://shop.example/p?q=1&x=<2>');
    expect(got!.parsed.text).toMatch(/\(UTC\)/);
    expect(got!.parsed.html).toContain('Vera &lt;b&gt;');
    expect(got!.parsed.html).not.toContain('<i>');
    for (const email of ['other@example.org', 'third@example.org'])
      expect((await w.call('POST', `/api/v1/chats/${chat.id}/transcript`, { email }, visitorToken)).status).toBe(202);
    const again = await w.call('POST', `/api/v1/chats/${chat.id}/transcript`, { email: 'fourth@example.org' }, visitorToken);
    expect(again.status).toBe(429);
    expect(again.json.code).toBe('rate_limited');
  });

  it('sends to a given address, refuses a malformed one, and needs the visitor token', async () => {
    const w = await world();
    const { chatId, visitorToken } = (await w.call('POST', `/api/v1/widgets/${w.widget.id}/chats`, { message: 'Hi' })).json;
    const chat = { id: chatId as string };
    expect((await w.call('POST', `/api/v1/chats/${chat.id}/transcript`, {}, visitorToken)).json.code).toBe('validation_failed');
    expect((await w.call('POST', `/api/v1/chats/${chat.id}/transcript`, { email: 'x@y\r\nBcc: z@example.com' }, visitorToken)).status).toBe(
      400,
    );
    expect((await w.call('POST', `/api/v1/chats/${chat.id}/transcript`, { email: 'me@example.org' })).status).toBe(401);
    expect((await w.call('POST', `/api/v1/chats/${chat.id}/transcript`, { email: 'me@example.org' }, visitorToken)).status).toBe(202);
    await w.dispatcher.runOnce();
    expect((await w.smtp.waitFor(1))[0]!.envelopeTo).toEqual(['me@example.org']);
  });
});
