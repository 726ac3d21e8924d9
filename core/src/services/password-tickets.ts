import { renderInvitationMail, renderPasswordResetMail } from '../mail/templates.js';
import { ACCOUNT_WIDE } from '../model/integration.js';
import type { PasswordTicket, PasswordTicketPurpose } from '../model/security.js';
import type { User } from '../model/user.js';
import { enqueueMail, ticketLink } from '../outbox/mail-outbox.js';
import type { Repositories } from '../ports/storage.js';
import type { CoreDeps, Emit } from '../runtime/context.js';

/**
 * A new single-use ticket for `user`, valid `ttlSeconds` from `now`: the token to hand out (mailed as a
 * link, or answered once) and the row to store, which keeps only the token's SHA-256.
 */
export const newPasswordTicket = (
  deps: Pick<CoreDeps, 'crypto'>,
  user: Pick<User, 'id' | 'accountId'>,
  purpose: PasswordTicketPurpose,
  ttlSeconds: number,
  now: Date,
): { readonly token: string; readonly row: PasswordTicket } => {
  const token = deps.crypto.randomToken(32);
  return {
    token,
    row: {
      tokenHash: deps.crypto.sha256(token),
      purpose,
      userId: user.id,
      accountId: user.accountId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
    },
  };
};

/** The mailed tickets: the console screen the link opens, the delivery's event and the mail. */
const MAILED = {
  invitation: { screen: 'invite', event: 'mail.invitation', render: renderInvitationMail },
  password_reset: { screen: 'reset', event: 'mail.password_reset', render: renderPasswordResetMail },
} as const;

/**
 * Stores a new ticket for `user` in `tx` and mails them its link (an invitation to choose a password, or a
 * password reset) through the outbox, sealed, so the token is readable neither from the ticket nor from
 * the queued mail. Both commit with the caller's transaction, or neither. Resolves with the stored ticket.
 */
export const mailPasswordTicket = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'crypto' | 'clock' | 'config' | 'ids' | 'secretBox'>,
  user: User,
  purpose: keyof typeof MAILED,
  ttlSeconds: number,
  emit: Emit,
  /** An invitation's sender, named in it (null: not known). */
  invitedBy: string | null = null,
): Promise<PasswordTicket> => {
  const { token, row } = newPasswordTicket(deps, user, purpose, ttlSeconds, deps.clock.now());
  await tx.passwordTickets.insert(row);
  const account = await tx.accounts.get(user.accountId);
  const mailed = MAILED[purpose];
  const rendered = mailed.render({
    language: null,
    accountName: account?.name ?? '',
    link: ticketLink(deps.config.integrations, mailed.screen, token),
    expiresAt: row.expiresAt,
    timeZone: account?.settings.timezone ?? null,
    ...(purpose === 'invitation' ? { invited: { by: invitedBy, role: user.role, email: user.email } } : {}),
  });
  await enqueueMail(
    tx,
    deps,
    {
      event: mailed.event,
      accountId: user.accountId,
      widgetId: ACCOUNT_WIDE,
      at: row.createdAt,
      mail: { to: [user.email], replyTo: null, ...rendered },
      sealed: true,
    },
    emit,
  );
  return row;
};
