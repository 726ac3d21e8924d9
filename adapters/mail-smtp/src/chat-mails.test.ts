import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createParley, defaultCoreConfig, DeliveryDispatcher } from '@parley/core';
import { MemoryEventBus } from '@parley/events-memory';
import { AesGcmSecretBox, NodeTokenCrypto, SystemClock, Uuid7Ids } from '@parley/node-crypto';
import { createMemoryStorage } from '@parley/storage-memory';
import { SmtpMailer } from './smtp-mailer.js';
import { parseSmtpUrl } from './smtp-url.js';
import { startTestSmtpServer, type TestSmtpServer } from './testing/index.js';

const open: TestSmtpServer[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.stop();
});

/** An account with an always-offline widget whose team gets mails, the core over memory, and a dispatcher over a real SMTP server. */
const world = async (settings: Record<string, unknown>) => {
  const smtp = await startTestSmtpServer();
  open.push(smtp);
  const clock = new SystemClock();
  const deps = {
    storage: createMemoryStorage(),
    events: new MemoryEventBus(),
    clock,
    ids: new Uuid7Ids({ clock }),
    hasher: { hash: async (p: string) => p, verify: async () => true },
    crypto: new NodeTokenCrypto(),
    secretBox: new AesGcmSecretBox(randomBytes(32)),
    config: { ...defaultCoreConfig, signup: 'open' as const },
  };
  const parley = createParley(deps);
  const { user } = await parley.accounts.signUp(
    { accountName: 'Acme', email: 'o@acme.test', name: 'Olive', password: 'correct horse battery' },
    { ip: null, userAgent: null },
  );
  const owner = { userId: user.id, accountId: user.accountId, role: user.role, email: user.email, ip: null, userAgent: null };
  const created = await parley.widgets.create(owner, { name: 'Support <Shop>' });
  const widget = await parley.widgets.update(owner, created.id, { settings: settings as never });
  const mailer = new SmtpMailer({ smtp: parseSmtpUrl(smtp.url), from: 'no-reply@parley.example', timeoutMs: 2_000 });
  const dispatcher = new DeliveryDispatcher(
    { ...deps, transport: { send: () => Promise.reject(new Error('no webhooks here')) }, mailer },
    { workerId: 'mail-test' },
  );
  return { smtp, parley, owner, widget, dispatcher };
};

describe('mails to the team', () => {
  it('brings an offline request to the notification recipients, Reply-To the visitor, in the widget language', async () => {
    const w = await world({
      offlineForm: { alwaysOffline: true },
      language: 'de-AT',
      notifyEmails: ['Team@Example.com', 'sales@example.com'],
    });
    await w.parley.chats.start(
      w.widget.id,
      { name: 'Vera', email: 'vera@example.org', message: 'Do you ship to Austria?', pageUrl: 'https://shop.example/cart' },
      { ip: null, userAgent: null },
    );
    expect(await w.dispatcher.runOnce()).toMatchObject({ succeeded: 1 });
    const [got] = await w.smtp.waitFor(1);
    expect(got!.envelopeTo).toEqual(['team@example.com', 'sales@example.com']);
    expect(got!.parsed.replyTo?.value).toEqual([{ name: '', address: 'vera@example.org' }]);
    expect(got!.parsed.headers.get('content-language')).toBe('de');
    expect(got!.parsed.subject).toBe('[Support <Shop>] Offline-Nachricht von Vera');
    expect(got!.parsed.text).toContain('Do you ship to Austria?');
    expect(got!.parsed.text).toContain('https://shop.example/cart');
    expect(got!.parsed.html).toContain('Support &lt;Shop&gt;');
  });

  it('neutralises a visitor name with CR/LF and HTML: no extra header, no markup', async () => {
    const w = await world({ offlineForm: { alwaysOffline: true }, notifyEmails: ['team@example.com'] });
    await w.parley.chats.start(
      w.widget.id,
      {
        name: 'Eve\r\nBcc: victim@example.net\r\n<img src=x onerror=alert(1)>',
        email: 'eve@example.org',
        message: '<script>alert(1)</script>\r\nSubject: hi',
      },
      { ip: null, userAgent: null },
    );
    await w.dispatcher.runOnce();
    const [got] = await w.smtp.waitFor(1);
    expect(got!.envelopeTo).toEqual(['team@example.com']);
    expect(got!.parsed.headers.has('bcc')).toBe(false);
    expect(got!.parsed.subject).toBe('[Support <Shop>] Offline message from Eve Bcc: victim@example.net <img src=x onerror=alert(1)>');
    expect(got!.parsed.html).not.toMatch(/<img|<script/);
    expect(got!.parsed.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(got!.parsed.replyTo?.text).toBe('eve@example.org');
  });

  it('mails the team the transcript of every chat that ends when transcriptToTeam is on', async () => {
    const w = await world({ notifyEmails: ['team@example.com'], transcriptToTeam: true });
    await w.parley.widgets.setAgents(w.owner, w.widget.id, { agentIds: [w.owner.userId] });
    await w.parley.presence.setStatus(w.owner, { status: 'online' });
    const started = await w.parley.chats.start(
      w.widget.id,
      { name: 'Vera', email: 'vera@example.org', message: 'Hello there' },
      { ip: null, userAgent: null },
    );
    const visitor = await w.parley.chats.authenticateVisitor(started.chat.id, started.visitorToken);
    await w.parley.chats.closeAsVisitor(visitor);
    await w.dispatcher.runOnce();
    const [got] = await w.smtp.waitFor(1);
    expect(got!.envelopeTo).toEqual(['team@example.com']);
    expect(got!.parsed.subject).toBe('Your chat transcript (Support <Shop>)');
    expect(got!.parsed.text).toContain('Vera: Hello there');
    expect(got!.parsed.replyTo?.text).toBe('vera@example.org');
  });

  it('keeps the recipients audited and refuses more than 20 or a malformed address', async () => {
    const w = await world({ notifyEmails: ['team@example.com'] });
    const entries = await w.parley.audit.list(w.owner, { type: 'widget' } as never);
    expect(entries.items[0]!.changes).toEqual(
      expect.arrayContaining([{ path: '/settings/notifyEmails', from: ['o@acme.test'], to: ['team@example.com'] }]),
    );
    const many = Array.from({ length: 21 }, (_, i) => `t${i}@example.com`);
    await expect(w.parley.widgets.update(w.owner, w.widget.id, { settings: { notifyEmails: many } } as never)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      w.parley.widgets.update(w.owner, w.widget.id, { settings: { notifyEmails: ['a@b.example\r\nBcc: c@d.example'] } } as never),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('mails a new widget’s offline requests to whoever made it, and nothing once the team clears the list', async () => {
    const made = await world({ offlineForm: { alwaysOffline: true } });
    await made.parley.chats.start(made.widget.id, { email: 'vera@example.org', message: 'Hello?' }, { ip: null, userAgent: null });
    await made.dispatcher.runOnce();
    expect((await made.smtp.waitFor(1)).map((m) => m.envelopeTo)).toEqual([['o@acme.test']]);

    const w = await world({ offlineForm: { alwaysOffline: true }, notifyEmails: [] });
    await w.parley.chats.start(w.widget.id, { email: 'vera@example.org', message: 'Hello?' }, { ip: null, userAgent: null });
    expect(await w.dispatcher.runOnce()).toMatchObject({ claimed: 0 });
  });
});
