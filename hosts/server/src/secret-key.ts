import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseSecretKey } from '@parley/node-crypto';
import { ConfigError } from './config.js';
import type { Logger } from './logger.js';

/**
 * The key that seals integration secrets: `PARLEY_SECRET_KEY` when set; otherwise the key file
 * (`./data/secret.key` by default), made with 32 random bytes on first start (mode 0600, created
 * exclusively, so a server and a worker starting together agree on one). With `memory:` storage
 * nothing is kept, so a fresh key is used.
 *
 * Several hosts sharing a MySQL database must share the key: set `PARLEY_SECRET_KEY` on all of them.
 */
export const loadSecretKey = (cfg: { secretKey: string | null; secretKeyFile: string }, ephemeral: boolean, log: Logger): Buffer => {
  if (cfg.secretKey !== null) {
    const key = parseSecretKey(cfg.secretKey);
    if (!key) throw new ConfigError('PARLEY_SECRET_KEY', 'must be 32 random bytes as base64 or hex');
    return key;
  }
  if (ephemeral) return randomBytes(32);
  const file = resolve(cfg.secretKeyFile);
  const read = (): Buffer => {
    const key = parseSecretKey(readFileSync(file, 'utf8'));
    if (!key) throw new ConfigError('PARLEY_SECRET_KEY_FILE', `${file} does not hold a 32-byte key (base64 or hex)`);
    return key;
  };
  try {
    return read();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    log.warn('made a new key for integration secrets; back it up, or set PARLEY_SECRET_KEY (the same on every host)', { file });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return read();
};
