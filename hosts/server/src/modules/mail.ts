import { ContainerModule } from 'inversify';
import { TOKENS, type Mailer } from '@parley/core';
import { LogMailer, SmtpMailer } from '@parley/mail-smtp';
import type { HostConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { HOST } from '../tokens.js';

/**
 * E-mail: the SMTP mailer, the logging one of `PARLEY_SMTP_URL=log:`, or none at all (mails are then
 * recorded as `skipped` in the delivery log, and one warning says so at start).
 */
export const mailModule = (config: HostConfig) =>
  new ContainerModule(({ bind }) => {
    const { transport, from } = config.mail;
    bind<Mailer | null>(TOKENS.Mailer)
      .toResolvedValue(
        (log: Logger) => {
          switch (transport.kind) {
            case 'none':
              log.warn(
                'PARLEY_SMTP_URL is not set: e-mails (offline requests, transcripts, invitations, password resets) are recorded as skipped, not sent',
              );
              return null;
            case 'log':
              log.warn(
                'PARLEY_SMTP_URL=log: prints every e-mail to this log, password-reset and invitation links included: for development only',
              );
              return new LogMailer((line, mail) =>
                log.info(line, { to: mail.to, replyTo: mail.replyTo, language: mail.language, text: mail.text }),
              );
            case 'smtp':
              return new SmtpMailer({ smtp: transport.smtp, from, timeoutMs: config.integrations.timeoutMs });
          }
        },
        [HOST.Logger],
      )
      .inSingletonScope();
  });
