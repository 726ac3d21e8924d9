import type { Mailer, MailMessage, MailResult } from '@parley/core';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { SmtpSettings } from './smtp-url.js';

export interface SmtpMailerOptions {
  readonly smtp: SmtpSettings;
  /** The `From` of every mail: `Parley <no-reply@example.com>` or a bare address. */
  readonly from: string;
  /** Time limit for connecting, the greeting and each reply (15 s by default). */
  readonly timeoutMs?: number;
  /** The domain of `Message-ID`s (`parley.invalid` by default). */
  readonly messageIdDomain?: string;
}

/** What a failed send tells: the SMTP reply code (null when no reply came) and a reason without the password. */
const describe = (e: unknown, password: string | null): { code: number | null; error: string } => {
  const err = e as { responseCode?: unknown; message?: unknown; code?: unknown };
  const code = typeof err.responseCode === 'number' ? err.responseCode : null;
  let error = typeof err.message === 'string' ? err.message : String(e);
  if (typeof err.code === 'string' && !error.includes(err.code)) error = `${err.code}: ${error}`;
  // A server may echo what it was sent; never let the password reach the delivery log.
  if (password) error = error.split(password).join('***');
  return { code, error: error.slice(0, 500) };
};

/**
 * The {@link Mailer} port over SMTP (nodemailer). One connection per mail (mails are few, and a pooled
 * connection that the server dropped would fail a try for nothing). Never throws for what happens on
 * the wire: a 5xx reply is `permanent`, a 4xx reply, a refused connection or a timeout is not.
 *
 * @example
 * const mailer = new SmtpMailer({ smtp: parseSmtpUrl('smtp://user:pass@mail.example.com:587'), from: 'Parley <no-reply@example.com>' });
 * const result = await mailer.send({ to: ['team@example.com'], replyTo: null, subject: 'Hi', text: 'Hi', html: '<p>Hi</p>', language: 'en', messageId: '0190…' });
 */
export class SmtpMailer implements Mailer {
  private readonly options: SmtpMailerOptions;

  constructor(options: SmtpMailerOptions) {
    this.options = options;
  }

  async send(message: MailMessage, signal?: AbortSignal): Promise<MailResult> {
    const { smtp } = this.options;
    const timeout = this.options.timeoutMs ?? 15_000;
    const started = performance.now();
    const transportOptions: SMTPTransport.Options = {
      host: smtp.host,
      port: smtp.port,
      secure: smtp.security === 'tls',
      requireTLS: smtp.security === 'starttls',
      ignoreTLS: smtp.security === 'none',
      auth: smtp.user !== null ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    const transport = nodemailer.createTransport(transportOptions);
    const done = (r: Omit<MailResult, 'latencyMs'>): MailResult => ({ ...r, latencyMs: Math.round(performance.now() - started) });
    if (signal?.aborted) return done({ ok: false, code: null, permanent: false, error: 'aborted before sending' });
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<MailResult>((resolve) => {
      onAbort = () => {
        transport.close();
        resolve(done({ ok: false, code: null, permanent: false, error: 'aborted while sending' }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    const sending = transport
      .sendMail({
        from: this.options.from,
        to: [...message.to],
        replyTo: message.replyTo ?? undefined,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${message.messageId}@${this.options.messageIdDomain ?? 'parley.invalid'}>`,
        headers: { 'Content-Language': message.language },
        disableFileAccess: true,
        disableUrlAccess: true,
      })
      .then(
        (info): MailResult =>
          info.rejected.length > 0
            ? done({ ok: false, code: 550, permanent: true, error: `refused recipients: ${info.rejected.map(String).join(', ')}` })
            : done({ ok: true, code: null, permanent: false, error: null }),
        (e: unknown): MailResult => {
          const { code, error } = describe(e, smtp.password);
          return done({ ok: false, code, permanent: code !== null && code >= 500 && code < 600, error });
        },
      );
    try {
      return await Promise.race([sending, aborted]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      transport.close();
    }
  }
}
