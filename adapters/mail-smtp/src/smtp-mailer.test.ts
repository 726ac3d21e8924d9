import type { MailMessage } from '@parley/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogMailer } from './log-mailer.js';
import { SmtpMailer } from './smtp-mailer.js';
import { parseSmtpUrl } from './smtp-url.js';
import { startTestSmtpServer, type TestSmtpServer } from './testing/index.js';

const message = (over: Partial<MailMessage> = {}): MailMessage => ({
  to: ['team@example.com', 'sales@example.com'],
  replyTo: 'visitor@example.org',
  subject: 'Offline message',
  text: 'Hello\n',
  html: '<p>Hello</p>',
  language: 'de',
  messageId: '0190a1b2-c3d4',
  ...over,
});

describe('SmtpMailer', () => {
  let smtp: TestSmtpServer;
  let mailer: SmtpMailer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    mailer = new SmtpMailer({ smtp: parseSmtpUrl(smtp.url), from: 'Parley <no-reply@example.com>', timeoutMs: 2_000 });
  });
  afterAll(() => smtp.stop());
  beforeEach(async () => {
    smtp.refuseWith(null);
    smtp.received.length = 0;
    await smtp.start();
  });

  it('hands the mail over with its recipients, Reply-To, language and Message-ID', async () => {
    const r = await mailer.send(message());
    expect(r).toMatchObject({ ok: true, error: null });
    const [got] = await smtp.waitFor(1);
    expect(got!.envelopeTo).toEqual(['team@example.com', 'sales@example.com']);
    expect(got!.parsed.replyTo?.text).toBe('visitor@example.org');
    expect(got!.parsed.from?.value).toEqual([{ name: 'Parley', address: 'no-reply@example.com' }]);
    expect(got!.parsed.headers.get('content-language')).toBe('de');
    expect(got!.parsed.messageId).toBe('<0190a1b2-c3d4@parley.invalid>');
    expect(got!.parsed.text).toBe('Hello\n');
    expect(got!.parsed.html).toBe('<p>Hello</p>');
  });

  it('answers a 5xx refusal as permanent', async () => {
    smtp.refuseWith(550);
    expect(await mailer.send(message())).toMatchObject({ ok: false, code: 550, permanent: true });
    expect(smtp.received).toHaveLength(0);
  });

  it('answers a 4xx refusal as temporary', async () => {
    smtp.refuseWith(451);
    expect(await mailer.send(message())).toMatchObject({ ok: false, code: 451, permanent: false });
  });

  it('answers a refused connection as temporary, without throwing', async () => {
    await smtp.stop();
    const r = await mailer.send(message());
    expect(r).toMatchObject({ ok: false, code: null, permanent: false });
    expect(r.error).toMatch(/ECONNREFUSED/);
  });

  it('never puts the password into the error it reports', async () => {
    await smtp.stop();
    const withAuth = new SmtpMailer({
      smtp: parseSmtpUrl(`smtp://user:s3cret-pass@127.0.0.1:${smtp.port}`),
      from: 'no-reply@example.com',
      timeoutMs: 2_000,
    });
    const r = await withAuth.send(message());
    expect(r.ok).toBe(false);
    expect(r.error).not.toContain('s3cret-pass');
  });

  it('stops waiting when the signal aborts', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await mailer.send(message(), ac.signal)).toMatchObject({ ok: false, permanent: false, error: 'aborted before sending' });
  });
});

describe('parseSmtpUrl', () => {
  it('requires STARTTLS on a remote smtp:// host, tries it on loopback', () => {
    expect(parseSmtpUrl('smtp://u:p%40ss@mail.example.com')).toEqual({
      host: 'mail.example.com',
      port: 587,
      security: 'starttls',
      user: 'u',
      password: 'p@ss',
    });
    expect(parseSmtpUrl('smtp://127.0.0.1:2525').security).toBe('starttls-optional');
    expect(parseSmtpUrl('smtp://[::1]:2525')).toMatchObject({ host: '::1', security: 'starttls-optional' });
  });

  it('lets the URL say otherwise', () => {
    expect(parseSmtpUrl('smtp://mail.example.com:25?starttls=off').security).toBe('none');
    expect(parseSmtpUrl('smtp://mail.example.com?starttls=optional').security).toBe('starttls-optional');
    expect(parseSmtpUrl('smtps://mail.example.com')).toMatchObject({ port: 465, security: 'tls' });
  });

  it('refuses other schemes and options in one line, without the password', () => {
    expect(() => parseSmtpUrl('http://u:secret@mail.example.com')).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => parseSmtpUrl('smtp://mail.example.com?tls=no')).toThrow(/unknown option/);
    expect(() => parseSmtpUrl('smtp://mail.example.com?starttls=maybe')).toThrow(/required, optional or off/);
    try {
      parseSmtpUrl('ftp://u:secret@x');
    } catch (e) {
      expect(String(e)).not.toContain('secret');
    }
  });
});

describe('LogMailer', () => {
  it('prints the mail and answers success', async () => {
    const lines: string[] = [];
    const r = await new LogMailer((line) => lines.push(line)).send(message());
    expect(r.ok).toBe(true);
    expect(lines).toEqual(['mail to team@example.com, sales@example.com: Offline message']);
  });
});
