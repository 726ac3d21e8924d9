import fc from 'fast-check';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { TestTokenCrypto } from '../../test-support/fakes.js';
import { generateWebhookSecret, isWebhookSecret, signedContent, signWebhook, webhookHeaders } from './signing.js';

const crypto = new TestTokenCrypto();

/** Verifies like a receiver would, with the independent reference library. */
const verify = (secret: string, body: string, headers: Record<string, string>) => new Webhook(secret).verify(body, headers);

describe('Standard Webhooks signing', () => {
  it('makes headers the standardwebhooks library verifies', () => {
    const secret = generateWebhookSecret(crypto);
    const body = JSON.stringify({ id: 'chat-1', description: 'Ünïcödé ✓ "quoted" \n newline' });
    const headers = webhookHeaders(crypto, [secret], 'msg_01HX', new Date(), body);
    expect(headers['webhook-id']).toBe('msg_01HX');
    expect(headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verify(secret, body, headers)).toEqual(JSON.parse(body));
  });

  it('verifies for any id, body and secret (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ maxLength: 300 }), (id, text) => {
        const secret = generateWebhookSecret(crypto);
        const body = JSON.stringify({ text });
        expect(verify(secret, body, webhookHeaders(crypto, [secret], id, new Date(), body))).toEqual({ text });
      }),
      { numRuns: 50 },
    );
  });

  it('is refused by the library when the body, id or timestamp changed, or the secret is another', () => {
    const secret = generateWebhookSecret(crypto);
    const body = '{"a":1}';
    const headers = webhookHeaders(crypto, [secret], 'msg_1', new Date(), body);
    expect(() => verify(secret, '{"a":2}', headers)).toThrow(WebhookVerificationError);
    expect(() => verify(secret, body, { ...headers, 'webhook-id': 'msg_2' })).toThrow(WebhookVerificationError);
    expect(() => verify(secret, body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) })).toThrow(
      WebhookVerificationError,
    );
    expect(() => verify(generateWebhookSecret(crypto), body, headers)).toThrow(WebhookVerificationError);
  });

  it('signs with every valid secret during a rotation, so receivers holding either one verify', () => {
    const previous = generateWebhookSecret(crypto);
    const current = generateWebhookSecret(crypto);
    const body = '{"event":"chat.finished"}';
    const headers = webhookHeaders(crypto, [current, previous], 'msg_rot', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verify(current, body, headers)).toEqual({ event: 'chat.finished' });
    expect(verify(previous, body, headers)).toEqual({ event: 'chat.finished' });
    expect(() => verify(generateWebhookSecret(crypto), body, headers)).toThrow(WebhookVerificationError);
  });

  it('signs `id.timestamp.body` with the bytes after whsec_ (known answer)', () => {
    // Key bytes "Jefe" (base64 SmVmZQ==), RFC 4231 test case 2 message split to fit the id.timestamp.body shape.
    expect(signedContent('what do ya', 0, 'want')).toBe('what do ya.0.want');
    const sig = signWebhook(crypto, 'whsec_SmVmZQ==', 'a', 1, 'b');
    expect(sig).toBe(`v1,${crypto.hmacSha256('SmVmZQ==', 'a.1.b')}`);
    expect(new Webhook('whsec_SmVmZQ==').sign('a', new Date(1000), 'b')).toBe(sig);
  });

  it('makes secrets of 32 random bytes in the whsec_ format, never twice the same', () => {
    const a = generateWebhookSecret(crypto);
    const b = generateWebhookSecret(crypto);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(isWebhookSecret(a)).toBe(true);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(16).toString('base64')}`)).toBe(false);
    expect(isWebhookSecret(`sk_${a.slice(6)}`)).toBe(false);
    expect(isWebhookSecret('whsec_not base64!')).toBe(false);
  });
});
