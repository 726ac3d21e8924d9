import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_WIDE, DeliveryDispatcher, enqueueMail, type Delivery, type Mailer, type QueuedMail } from '@parley/core';
import { AesGcmSecretBox, NodeTokenCrypto, Uuid7Ids } from '@parley/node-crypto';
import { createMemoryStorage } from '@parley/storage-memory';
import { SmtpMailer } from './smtp-mailer.js';
import { parseSmtpUrl } from './smtp-url.js';
import { startTestSmtpServer, type TestSmtpServer } from './testing/index.js';
import { ManualClock } from '@parley/core/testing';

const open: TestSmtpServer[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.stop();
});

const mail: QueuedMail = {
  to: ['reset@example.com'],
  replyTo: null,
  subject: 'Reset',
  text: 'https://parley.example/app/reset?token=abc\n',
  html: '<p>x</p>',
  language: 'en',
};

/** An account in memory storage, the outbox and a dispatcher over a real SMTP server (or no mailer at all). */
const world = async (mailer: 'smtp' | 'none') => {
  const smtp = await startTestSmtpServer();
  open.push(smtp);
  const storage = createMemoryStorage();
  const clock = new ManualClock(new Date('2026-12-04T08:00:00Z'));
  const deps = {
    storage,
    clock,
    ids: new Uuid7Ids({ clock }),
    crypto: new NodeTokenCrypto(),
    secretBox: new AesGcmSecretBox(randomBytes(32)),
  };
  const accountId = deps.ids.next();
  await storage.transaction((tx) =>
    tx.accounts.insert({
      id: accountId,
      name: 'Acme',
      plan: 'enterprise',
      settings: {},
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
      version: 1,
    } as never),
  );
  const smtpMailer: Mailer = new SmtpMailer({ smtp: parseSmtpUrl(smtp.url), from: 'no-reply@parley.example', timeoutMs: 2_000 });
  const dispatcher = new DeliveryDispatcher(
    { ...deps, transport: { send: () => Promise.reject(new Error('no webhooks here')) }, mailer: mailer === 'smtp' ? smtpMailer : null },
    { workerId: 'mail-test', random: () => 0.5 },
  );
  const enqueue = (sealed = false) =>
    storage.transaction((tx) =>
      enqueueMail(tx, deps, {
        event: 'mail.password_reset',
        accountId,
        widgetId: ACCOUNT_WIDE,
        mail,
        sealed,
        at: clock.now().toISOString(),
      }),
    );
  const stored = (id: string) => storage.read((r) => r.deliveries.get(accountId, id)) as Promise<Delivery>;
  return { smtp, clock, dispatcher, enqueue, stored, storage, accountId };
};

describe('e-mail through the outbox', () => {
  it('keeps a mail through an SMTP outage and delivers it once when the server is back', async () => {
    const w = await world('smtp');
    await w.smtp.stop();
    const d = await w.enqueue();
    expect(await w.dispatcher.runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
    const waiting = await w.stored(d.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
    expect(waiting.lastError).toMatch(/ECONNREFUSED/);
    await w.smtp.start();
    w.clock.advance(60_000);
    expect(await w.dispatcher.runOnce()).toMatchObject({ claimed: 1, succeeded: 1 });
    w.clock.advance(24 * 3_600_000);
    expect(await w.dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    expect(w.smtp.received).toHaveLength(1);
    expect(w.smtp.received[0]!.parsed.messageId).toBe(`<${d.id}@parley.invalid>`);
    expect(await w.stored(d.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('ends a mail the server refuses for good (550) as failed, with no retry', async () => {
    const w = await world('smtp');
    w.smtp.refuseWith(550);
    const d = await w.enqueue();
    expect(await w.dispatcher.runOnce()).toMatchObject({ claimed: 1, finished: 1 });
    expect(await w.stored(d.id)).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 550, nextAttemptAt: null });
    w.clock.advance(24 * 3_600_000);
    expect(await w.dispatcher.runOnce()).toMatchObject({ claimed: 0 });
  });

  it('retries a temporary refusal (451)', async () => {
    const w = await world('smtp');
    w.smtp.refuseWith(451);
    const d = await w.enqueue();
    await w.dispatcher.runOnce();
    expect(await w.stored(d.id)).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 451 });
  });

  it('records mails as skipped, never sent, when the server has no mail transport', async () => {
    const w = await world('none');
    const d = await w.enqueue();
    expect(await w.dispatcher.runOnce()).toMatchObject({ claimed: 1, finished: 1 });
    const s = await w.stored(d.id);
    expect(s).toMatchObject({ status: 'skipped', attempts: 1, nextAttemptAt: null });
    expect(s.lastError).toMatch(/PARLEY_SMTP_URL/);
    expect(w.smtp.received).toHaveLength(0);
  });

  it('stores a mail with a sign-in link sealed, and sends it opened', async () => {
    const w = await world('smtp');
    const d = await w.enqueue(true);
    expect(JSON.stringify((await w.stored(d.id)).payload)).not.toContain('token=abc');
    await w.dispatcher.runOnce();
    expect(w.smtp.received[0]!.parsed.text).toContain('token=abc');
  });
});
