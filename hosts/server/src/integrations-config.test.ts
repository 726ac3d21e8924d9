import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { configError } from '../test/config-error.js';
import { createLogger } from './logger.js';
import { loadSecretKey } from './secret-key.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('integration settings of the host', () => {
  it('has safe defaults: https only, the dispatcher on, 15 s tries, 60 s leases', () => {
    expect(loadConfig({}).integrations).toEqual({
      secretKey: null,
      secretKeyFile: './data/secret.key',
      allowHttpLoopback: false,
      dispatcher: true,
      intervalMs: 1000,
      timeoutMs: 15_000,
      leaseMs: 60_000,
      concurrency: 16,
      publicUrl: null,
    });
    expect(loadConfig({ PARLEY_WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true', PARLEY_DISPATCHER: 'off' }).integrations).toMatchObject({
      allowHttpLoopback: true,
      dispatcher: false,
    });
  });

  it.each([
    ['PARLEY_SECRET_KEY', 'too-short'],
    ['PARLEY_WEBHOOK_ALLOW_HTTP_LOOPBACK', 'maybe'],
    ['PARLEY_DISPATCHER', 'sometimes'],
    ['PARLEY_WEBHOOK_TIMEOUT_MS', 'soon'],
    ['PARLEY_DISPATCH_CONCURRENCY', '0'],
    ['PARLEY_PUBLIC_URL', 'chat.example.com'],
  ])('refuses %s=%s with a one-line error naming it', (name, value) => {
    const e = configError({ [name]: value });
    expect(e.variable).toBe(name);
    expect(e.message.split('\n')).toHaveLength(1);
  });

  it('wants the lease to outlast one try with all its quick retries and their pauses, plus the time to record it', () => {
    expect(configError({ PARLEY_WEBHOOK_TIMEOUT_MS: '20000', PARLEY_DISPATCH_LEASE_MS: '60000' }).variable).toBe(
      'PARLEY_DISPATCH_LEASE_MS',
    );
    // 3 × 1.5 s of tries, up to 0.8 s of pauses between them, 1 s to record: 6.3 s.
    const e = configError({ PARLEY_WEBHOOK_TIMEOUT_MS: '1500', PARLEY_DISPATCH_LEASE_MS: '5000' });
    expect(e.variable).toBe('PARLEY_DISPATCH_LEASE_MS');
    expect(e.message).toContain('at least 6300');
    expect(configError({ PARLEY_WEBHOOK_TIMEOUT_MS: '1000', PARLEY_DISPATCH_LEASE_MS: '4799' }).variable).toBe('PARLEY_DISPATCH_LEASE_MS');
    expect(loadConfig({ PARLEY_WEBHOOK_TIMEOUT_MS: '1000', PARLEY_DISPATCH_LEASE_MS: '4800' }).integrations.leaseMs).toBe(4800);
  });
});

describe('the key that seals integration secrets', () => {
  const log = createLogger('silent');

  it('takes PARLEY_SECRET_KEY when set', () => {
    const key = Buffer.alloc(32, 9);
    expect(loadSecretKey({ secretKey: key.toString('base64'), secretKeyFile: join(dir, 'unused') }, false, log)).toEqual(key);
    expect(loadSecretKey({ secretKey: key.toString('hex'), secretKeyFile: join(dir, 'unused') }, false, log)).toEqual(key);
  });

  it('otherwise makes a key file once (owner-only), and reads the same key afterwards', () => {
    const file = join(dir, 'data', 'secret.key');
    const first = loadSecretKey({ secretKey: null, secretKeyFile: file }, false, log);
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ secretKey: null, secretKeyFile: file }, false, log)).toEqual(first);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('base64'));
  });

  it('refuses a key file that holds no key, and keeps nothing for in-memory storage', () => {
    const bad = join(dir, 'bad.key');
    writeFileSync(bad, 'not a key\n');
    expect(() => loadSecretKey({ secretKey: null, secretKeyFile: bad }, false, log)).toThrow(ConfigError);
    const ephemeral = join(dir, 'never.key');
    expect(loadSecretKey({ secretKey: null, secretKeyFile: ephemeral }, true, log)).toHaveLength(32);
    expect(() => statSync(ephemeral)).toThrow();
  });
});
