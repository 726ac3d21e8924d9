import { headerText } from '@parley/core';
import { parseSmtpUrl, type SmtpSettings } from '@parley/mail-smtp';
import { ConfigError } from './config-error.js';

/** How the host sends e-mail: not at all (mails are recorded as `skipped`), to its log, or over SMTP. */
export type MailTransportConfig =
  | { readonly kind: 'none' }
  | { readonly kind: 'log' }
  | { readonly kind: 'smtp'; readonly smtp: SmtpSettings };

export interface MailHostConfig {
  /** `PARLEY_SMTP_URL`: `smtp://` / `smtps://user:pass@host:port`, `log:` (development), or unset. */
  readonly transport: MailTransportConfig;
  /** `PARLEY_MAIL_FROM`: the `From` of every mail. */
  readonly from: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const FROM = /^(?:[^<>\r\n]{1,100} )?<?[^\s@<>]+@[^\s@<>]+>?$/;

/** Reads `PARLEY_SMTP_URL` and `PARLEY_MAIL_FROM`; errors are one line and never repeat the SMTP password. */
export const loadMailConfig = (env: Env): MailHostConfig => {
  const raw = env.PARLEY_SMTP_URL?.trim() ?? '';
  let transport: MailTransportConfig;
  if (raw === '') transport = { kind: 'none' };
  else if (raw === 'log:') transport = { kind: 'log' };
  else {
    try {
      transport = { kind: 'smtp', smtp: parseSmtpUrl(raw) };
    } catch (e) {
      throw new ConfigError('PARLEY_SMTP_URL', `${(e as Error).message}, or log: to print mails`);
    }
  }
  const from = env.PARLEY_MAIL_FROM?.trim() ?? '';
  if (from === '' && transport.kind === 'smtp')
    throw new ConfigError('PARLEY_MAIL_FROM', 'is required with PARLEY_SMTP_URL (e.g. "Parley <no-reply@example.com>")');
  if (from !== '' && (!FROM.test(from) || headerText(from) !== from))
    throw new ConfigError('PARLEY_MAIL_FROM', `must be an address or "Name <address>" on one line, got "${headerText(from)}"`);
  return { transport, from: from || 'Parley <no-reply@localhost>' };
};
