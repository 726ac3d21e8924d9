import { hostname } from 'node:os';
import { ContainerModule } from 'inversify';
import {
  DeliveryDispatcher,
  StorageUnavailableError,
  TOKENS,
  type Clock,
  type CrmClient,
  type IdGenerator,
  type Mailer,
  type SecretBox,
  type Storage,
  type TokenCrypto,
  type WebhookTransport,
} from '@parley/core';
import { AesGcmSecretBox } from '@parley/node-crypto';
import { DispatcherLoop, HttpWebhookTransport, SalesforceCrmClient } from '@parley/webhooks';
import type { HostConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { loadSecretKey } from '../secret-key.js';
import type { StorageOutageLog } from '../storage-outage.js';
import { HOST } from '../tokens.js';

/** Makes the outbox dispatcher loop (the server runs one unless `PARLEY_DISPATCHER=off`; `parley worker` runs only that). */
export type DispatcherLoopFactory = () => DispatcherLoop;

/** Integrations: the secret box, the webhook transport, the Salesforce client and the dispatcher (which also sends the mails of `modules/mail.ts`). */
export const integrationsModule = (config: HostConfig) =>
  new ContainerModule(({ bind }) => {
    const cfg = config.integrations;
    const outbound = { allowHttpLoopback: cfg.allowHttpLoopback, timeoutMs: cfg.timeoutMs, maxSockets: Math.max(8, cfg.concurrency) };
    bind<SecretBox>(TOKENS.SecretBox)
      .toResolvedValue(
        (log: Logger) =>
          new AesGcmSecretBox(loadSecretKey(cfg, config.databaseUrl === 'memory:' || config.databaseUrl === 'sqlite::memory:', log)),
        [HOST.Logger],
      )
      .inSingletonScope();
    bind<WebhookTransport>(TOKENS.WebhookTransport).toConstantValue(new HttpWebhookTransport(outbound));
    bind<CrmClient>(TOKENS.CrmClient).toConstantValue(new SalesforceCrmClient(outbound));
    bind<DispatcherLoopFactory>(HOST.DispatcherLoop)
      .toResolvedValue(
        (
          storage: Storage,
          clock: Clock,
          ids: IdGenerator,
          crypto: TokenCrypto,
          secretBox: SecretBox,
          transport: WebhookTransport,
          crm: CrmClient,
          mailer: Mailer | null,
          log: Logger,
          outage: StorageOutageLog,
        ) =>
          () =>
            new DispatcherLoop(
              new DeliveryDispatcher(
                { storage, clock, ids, crypto, secretBox, transport, crm, mailer },
                {
                  workerId: `${hostname()}:${process.pid}`,
                  leaseMs: cfg.leaseMs,
                  concurrency: cfg.concurrency,
                  batchSize: Math.max(50, cfg.concurrency * 2),
                  // Another dispatcher may have sent it too: receivers deduplicate by webhook-id.
                  onLeaseLost: (lost) => log.warn('a delivery result came after its lease ended and was dropped', { ...lost }),
                },
              ),
              {
                intervalMs: cfg.intervalMs,
                onError: (err) =>
                  err instanceof StorageUnavailableError ? outage.failed(err) : log.error('delivery dispatch failed', { err }),
              },
            ),
        [
          TOKENS.Storage,
          TOKENS.Clock,
          TOKENS.IdGenerator,
          TOKENS.TokenCrypto,
          TOKENS.SecretBox,
          TOKENS.WebhookTransport,
          TOKENS.CrmClient,
          TOKENS.Mailer,
          HOST.Logger,
          HOST.StorageOutage,
        ],
      )
      .inSingletonScope();
  });
