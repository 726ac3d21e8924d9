import type { Mailer, MailMessage, MailResult } from '@parley/core';

/**
 * The {@link Mailer} of `PARLEY_SMTP_URL=log:`, for development: hands every mail, whole, to `print`
 * (the host's logger) and answers success. Links in it work, so flows can be tried without a mail server.
 */
export class LogMailer implements Mailer {
  constructor(private readonly print: (line: string, mail: MailMessage) => void) {}

  send(message: MailMessage): Promise<MailResult> {
    this.print(`mail to ${message.to.join(', ')}: ${message.subject}`, message);
    return Promise.resolve({ ok: true, code: null, permanent: false, latencyMs: 0, error: null });
  }
}
