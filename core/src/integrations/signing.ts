import type { TokenCrypto } from '../ports/system.js';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): a message is signed by HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}` with the bytes of the secret after its `whsec_` prefix,
 * and the signature header lists `v1,<base64>` signatures separated by spaces — one per secret that is
 * valid right now, so receivers that still hold the previous secret keep verifying during a rotation.
 */

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** Bytes of entropy in a new signing secret (Standard Webhooks asks for 24 to 64). */
export const WEBHOOK_SECRET_BYTES = 32;

const base64UrlToBase64 = (s: string): string => {
  const b = s.replace(/-/g, '+').replace(/_/g, '/');
  return b + '='.repeat((4 - (b.length % 4)) % 4);
};

/** A new secret, `whsec_` + standard base64 of {@link WEBHOOK_SECRET_BYTES} random bytes. */
export const generateWebhookSecret = (crypto: Pick<TokenCrypto, 'randomToken'>): string =>
  WEBHOOK_SECRET_PREFIX + base64UrlToBase64(crypto.randomToken(WEBHOOK_SECRET_BYTES));

/** Whether `s` looks like a signing secret: `whsec_` and base64 of 24 to 64 bytes. */
export const isWebhookSecret = (s: string): boolean => {
  if (!s.startsWith(WEBHOOK_SECRET_PREFIX)) return false;
  const b64 = s.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return false;
  const bytes = (b64.length / 4) * 3 - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
  return bytes >= 24 && bytes <= 64;
};

/** The text that is signed. */
export const signedContent = (id: string, timestampSeconds: number, body: string): string => `${id}.${timestampSeconds}.${body}`;

/** One `v1,<base64>` signature of the message under `secret`. */
export const signWebhook = (
  crypto: Pick<TokenCrypto, 'hmacSha256'>,
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string => {
  const key = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  return `v1,${crypto.hmacSha256(key, signedContent(id, timestampSeconds, body))}`;
};

/**
 * The three Standard Webhooks headers of one try. `secrets` are the secrets valid now, current first;
 * the timestamp is the time of this try (the id stays the same across tries).
 */
export const webhookHeaders = (
  crypto: Pick<TokenCrypto, 'hmacSha256'>,
  secrets: readonly string[],
  id: string,
  now: Date,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> => {
  if (secrets.length === 0) throw new Error('webhookHeaders: no secret to sign with');
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signWebhook(crypto, s, id, timestamp, body)).join(' '),
  };
};
