/**
 * The {@link Mailer} port of `@parley/core` over SMTP (nodemailer), and a mailer that only logs, for
 * development.
 *
 * @example
 * import { parseSmtpUrl, SmtpMailer } from '@parley/mail-smtp';
 * const mailer = new SmtpMailer({ smtp: parseSmtpUrl(process.env.PARLEY_SMTP_URL!), from: 'Parley <no-reply@example.com>' });
 *
 * @module
 */

// SMTP
export { SmtpMailer, type SmtpMailerOptions } from './smtp-mailer.js';
export { parseSmtpUrl, type SmtpSecurity, type SmtpSettings } from './smtp-url.js';

// Development
export { LogMailer } from './log-mailer.js';
