import { newDelivery, type ACCOUNT_WIDE, type Delivery, type MailEventType, DELIVERY_TOPIC } from '../model/integration.js';
import type { Id, Instant } from '../model/types.js';
import type { MailMessage } from '../ports/mail.js';
import type { Repositories } from '../ports/storage.js';
import { defaultIntegrationConfig, type IntegrationConfig, publicBase } from '../runtime/config.js';
import type { CoreDeps, Emit } from '../runtime/context.js';

/**
 * Writing e-mails to the outbox: each mail is a `deliveries` row with target `email`, written inside
 * the caller's transaction, so it exists if and only if what it tells of committed, and the dispatcher
 * sends it with the same retries, delivery log and redelivery as a webhook.
 */

/** A mail as queued: the message without its id (the delivery's id becomes the `Message-ID`). */
export type QueuedMail = Omit<MailMessage, 'messageId'>;

export interface MailEnqueue {
  readonly event: MailEventType;
  readonly accountId: Id;
  /** The widget it concerns, or {@link ACCOUNT_WIDE}. */
  readonly widgetId: Id;
  readonly mail: QueuedMail;
  /** When it was queued: the time of the change it tells of. */
  readonly at: Instant;
  /**
   * True for a mail whose link lets its reader set a password: the payload is sealed by the
   * {@link SecretBox}, so the token in it is not readable from storage (only its hash is kept elsewhere).
   */
  readonly sealed?: boolean;
}

/** The stored payload of a mail delivery: the message in clear, or sealed. */
export type MailPayload = { readonly mail: QueuedMail } | { readonly sealed: string };

/** Writes one mail delivery inside `tx` and wakes the dispatcher once the transaction commits. */
export const enqueueMail = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids' | 'secretBox'>,
  input: MailEnqueue,
  emit?: Emit,
): Promise<Delivery> => {
  const now = input.at;
  let payload: MailPayload = { mail: input.mail };
  if (input.sealed) {
    if (!deps.secretBox) throw new Error('a mail with a sign-in link needs a SecretBox to be stored sealed');
    payload = { sealed: deps.secretBox.seal(JSON.stringify(input.mail)) };
  }
  const d = newDelivery(deps.ids.next(), now, {
    accountId: input.accountId,
    widgetId: input.widgetId,
    target: 'email',
    eventType: input.event,
    payload,
  });
  await tx.deliveries.insert(d);
  emit?.({ type: 'delivery.enqueued', accountId: input.accountId, topics: [DELIVERY_TOPIC], at: now, data: { count: 1 } });
  return d;
};

/**
 * The link of a ticket: `<public URL>/app/<screen>?token=…` (the console's reset and invitation screens, which
 * mails link, and its renew screen, for the ticket an operator's reset hands over). Without a public URL
 * (`PARLEY_PUBLIC_URL`), the host's own address (`defaultPublicUrl`).
 */
export const ticketLink = (
  integrations: Partial<Pick<IntegrationConfig, 'publicUrl' | 'defaultPublicUrl'>> | undefined,
  screen: 'reset' | 'invite' | 'renew',
  token: string,
): string => {
  const base =
    publicBase(integrations?.publicUrl) ?? publicBase(integrations?.defaultPublicUrl) ?? defaultIntegrationConfig.defaultPublicUrl;
  return `${base}/app/${screen}?token=${encodeURIComponent(token)}`;
};

/**
 * A chat's transcript in the console's history (`<public URL>/app/history/<id>`), for the team's mails; null
 * without a public URL, so that no mail carries a link to a host it cannot reach.
 */
export const consoleChatLink = (publicUrl: string | null | undefined, chatId: string): string | null => {
  const base = publicBase(publicUrl);
  return base ? `${base}/app/history/${encodeURIComponent(chatId)}` : null;
};

/** A user's page in the console's users screen, for the owners' and admins' mails; null without a public URL. */
export const consoleUserLink = (publicUrl: string | null | undefined, userId: string): string | null => {
  const base = publicBase(publicUrl);
  return base ? `${base}/app/admin/users/${encodeURIComponent(userId)}` : null;
};

/** The message of a mail delivery, opened if sealed. Throws when the payload is not a mail. */
export const mailOfDelivery = (d: Pick<Delivery, 'id' | 'payload'>, open: ((sealed: string) => string) | null): MailMessage => {
  const p = d.payload as Partial<{ mail: QueuedMail; sealed: string }>;
  let mail: QueuedMail | undefined = p.mail;
  if (typeof p.sealed === 'string') {
    if (!open) throw new Error('the mail is sealed and this dispatcher has no SecretBox');
    mail = JSON.parse(open(p.sealed)) as QueuedMail;
  }
  if (!mail || !Array.isArray(mail.to)) throw new Error('the delivery holds no mail');
  return { ...mail, messageId: d.id };
};
