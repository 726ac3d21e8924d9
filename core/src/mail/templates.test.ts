import { describe, expect, it } from 'vitest';
import { EMPTY_GEO, type ChatEvent, type Visitor } from '../model/chat.js';
import { escapeHtml, headerText, isMailAddress } from './mail-text.js';
import {
  formatMailTime,
  mailLanguage,
  renderInvitationMail,
  renderOfflineRequestMail,
  renderPasswordResetMail,
  renderTranscriptMail,
} from './templates.js';

const visitor = (over: Partial<Visitor> = {}): Visitor => ({
  name: 'Vera',
  email: 'vera@example.org',
  ip: null,
  userAgent: null,
  browser: null,
  os: null,
  pageUrl: 'https://shop.example/cart',
  referrerUrl: null,
  language: null,
  customVariables: {},
  geo: EMPTY_GEO,
  key: null,
  ...over,
});

const message = (seq: number, alias: string, text: string, at: string): ChatEvent => ({
  id: `e${seq}`,
  accountId: 'a',
  chatId: 'c',
  seq,
  type: 'chat.message',
  at,
  author: { kind: alias === 'Vera' ? 'visitor' : 'agent', userId: null, alias },
  text,
  data: {},
});

describe('mail templates', () => {
  it('picks the mail language from a BCP 47 tag, English for anything else', () => {
    expect(['de-AT', 'fr', 'ES-mx', 'en-GB', 'it', null, ''].map(mailLanguage)).toEqual(['de', 'fr', 'es', 'en', 'en', 'en', 'en']);
  });

  it('writes each mail in the four languages', () => {
    const subjects = ['en', 'de', 'fr', 'es'].map(
      (language) =>
        renderOfflineRequestMail({
          language,
          widgetName: 'Shop',
          chat: { visitor: visitor(), question: 'Hi', createdAt: '2026-12-04T08:00:00.000Z' },
          timeZone: null,
        }).subject,
    );
    expect(subjects).toEqual([
      '[Shop] Offline message from Vera',
      '[Shop] Offline-Nachricht von Vera',
      '[Shop] Message hors ligne de Vera',
      '[Shop] Mensaje fuera de línea de Vera',
    ]);
  });

  it('escapes visitor text in HTML and keeps the subject on one line', () => {
    const m = renderOfflineRequestMail({
      language: 'en',
      widgetName: 'Shop',
      chat: {
        visitor: visitor({ name: 'Eve\r\nBcc: x@y.example <b>', pageUrl: 'https://e.example/?a=1&b="2"' }),
        question: '<script>x</script>',
        createdAt: '2026-12-04T08:00:00.000Z',
      },
      timeZone: null,
    });
    expect(m.subject).toBe('[Shop] Offline message from Eve Bcc: x@y.example <b>');
    expect(m.html).not.toMatch(/<script>|<b>/);
    expect(m.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(m.html).toContain('https://e.example/?a=1&amp;b=&quot;2&quot;');
    expect(m.text).toContain('<script>x</script>');
  });

  it('shows transcript times in the recipient’s zone when known, UTC otherwise, with agent aliases', () => {
    const events = [
      message(1, 'Vera', 'Hallo', '2026-07-01T10:00:00.000Z'),
      message(2, 'Sam (Support)', 'Hi Vera', '2026-07-01T10:01:00.000Z'),
    ];
    const input = { language: 'en', widgetName: 'Shop', chat: { visitor: visitor(), createdAt: '2026-07-01T10:00:00.000Z' }, events };
    expect(renderTranscriptMail({ ...input, timeZone: 'Europe/Berlin' }).text).toContain(
      '[2026-07-01 12:01 (Europe/Berlin)] Sam (Support): Hi Vera',
    );
    expect(renderTranscriptMail({ ...input, timeZone: null }).text).toContain('[2026-07-01 10:00 (UTC)] Vera: Hallo');
    expect(renderTranscriptMail({ ...input, timeZone: null }).text).toContain('https://shop.example/cart');
    expect(formatMailTime('2026-07-01T10:00:00.000Z', 'Not/AZone')).toBe('2026-07-01 10:00 (UTC)');
  });

  it('links the request and the transcript in the console when there is a link, and only then', () => {
    const consoleUrl = 'https://chat.example/app/history/c1';
    const chat = { visitor: visitor(), question: 'Hi', createdAt: '2026-12-04T08:00:00.000Z' };
    const events = [message(1, 'Vera', 'Hallo', '2026-07-01T10:00:00.000Z')];
    for (const m of [
      renderOfflineRequestMail({ language: 'fr', widgetName: 'Shop', chat, timeZone: null, consoleUrl }),
      renderTranscriptMail({ language: 'fr', widgetName: 'Shop', chat, events, timeZone: null, consoleUrl }),
    ]) {
      expect(m.text).toContain(`Ouvrir dans Parley: ${consoleUrl}`);
      expect(m.html).toContain(`<a href="${consoleUrl}">Ouvrir dans Parley</a>`);
    }
    for (const m of [
      renderOfflineRequestMail({ language: 'en', widgetName: 'Shop', chat, timeZone: null }),
      renderTranscriptMail({ language: 'en', widgetName: 'Shop', chat, events, timeZone: null, consoleUrl: null }),
    ])
      expect(m.text).not.toContain('Open it in Parley');
  });

  it('puts the link into both parts of invitation and reset mails', () => {
    const link = 'https://chat.example/app/reset?token=a%2Bb';
    for (const m of [renderPasswordResetMail, renderInvitationMail].map((r) =>
      r({ language: 'de', accountName: 'Acme', link, expiresAt: '2026-12-04T08:30:00.000Z', timeZone: null }),
    )) {
      expect(m.text).toContain(link);
      expect(m.html).toContain(`href="${link}"`);
    }
  });

  it('helpers: escapeHtml, headerText and isMailAddress', () => {
    expect(escapeHtml(`<a href='x'>&"`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;');
    expect(headerText('a\r\nb\u0000c\u2028d  ')).toBe('a b c d');
    expect(isMailAddress('team@example.com')).toBe(true);
    expect(isMailAddress('Team <team@example.com>')).toBe(false);
    expect(isMailAddress('a@b.example\r\nBcc: c@d.example')).toBe(false);
  });
});
