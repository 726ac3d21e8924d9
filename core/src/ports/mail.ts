/**
 * One e-mail as the core hands it to a {@link Mailer}: already rendered, headers already free of CR/LF.
 */
export interface MailMessage {
  /** Recipients (at least one). */
  readonly to: readonly string[];
  /** Where answers go (the visitor, for an offline request), or null for the sender. */
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** BCP 47 tag of the text, sent as `Content-Language`. */
  readonly language: string;
  /** Stable across tries (the delivery id), so a receiving server or client can spot a resend. */
  readonly messageId: string;
}

/**
 * What one try to hand a mail to the mail server came to. Mailers never throw for what happens on the
 * wire (refused connection, timeout, a 4xx or 5xx reply): they answer `ok: false` and the reason.
 */
export interface MailResult {
  /** True when the server accepted the message for every recipient. */
  readonly ok: boolean;
  /** The SMTP reply code of the refusal (`550`, `421`...), or null when no reply came. */
  readonly code: number | null;
  /**
   * True for a refusal that will not change on a retry (a 5xx reply): the delivery ends `failed` at
   * once. Temporary refusals (4xx), refused connections and timeouts are retried.
   */
  readonly permanent: boolean;
  readonly latencyMs: number;
  /** Why it failed, without credentials; null on success. */
  readonly error: string | null;
}

/**
 * Sends e-mail. The reference adapter (`@parley/mail-smtp`) speaks SMTP through nodemailer, requires
 * STARTTLS unless told otherwise or talking to loopback, and has a time limit per try.
 */
export interface Mailer {
  send(message: MailMessage, signal?: AbortSignal): Promise<MailResult>;
}
