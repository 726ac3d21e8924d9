import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { configError } from '../test/config-error.js';

describe('PARLEY_SMTP_URL and PARLEY_MAIL_FROM', () => {
  it('sends no mail when unset, and prints mails with log:', () => {
    expect(loadConfig({}).mail.transport).toEqual({ kind: 'none' });
    expect(loadConfig({ PARLEY_SMTP_URL: 'log:' }).mail.transport).toEqual({ kind: 'log' });
  });

  it('takes an smtp:// URL with its sender, requiring STARTTLS unless the host is loopback', () => {
    const mail = loadConfig({
      PARLEY_SMTP_URL: 'smtp://u:p@mail.example.com:587',
      PARLEY_MAIL_FROM: 'Acme Support <support@acme.example>',
    }).mail;
    expect(mail).toEqual({
      transport: { kind: 'smtp', smtp: { host: 'mail.example.com', port: 587, security: 'starttls', user: 'u', password: 'p' } },
      from: 'Acme Support <support@acme.example>',
    });
  });

  it('refuses a bad URL or sender in one line that names the variable, never the password', () => {
    const e = configError({ PARLEY_SMTP_URL: 'http://u:sekret@mail.example.com' });
    expect(e.variable).toBe('PARLEY_SMTP_URL');
    expect(e.message).not.toContain('sekret');
    expect(e.message).not.toContain('\n');
    expect(configError({ PARLEY_SMTP_URL: 'smtp://mail.example.com' }).variable).toBe('PARLEY_MAIL_FROM');
    expect(configError({ PARLEY_SMTP_URL: 'log:', PARLEY_MAIL_FROM: 'not an address' }).variable).toBe('PARLEY_MAIL_FROM');
    expect(configError({ PARLEY_SMTP_URL: 'log:', PARLEY_MAIL_FROM: 'a@b.example\r\nBcc: c@d.example' }).variable).toBe('PARLEY_MAIL_FROM');
  });
});
