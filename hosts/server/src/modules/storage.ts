import { ContainerModule } from 'inversify';
import { TOKENS, type Storage } from '@parley/core';
import { createMemoryStorage } from '@parley/storage-memory';
import { createSqlStorage, type SqlStorage } from '@parley/storage-sql';
import type { HostConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { StorageOutageLog } from '../storage-outage.js';
import { HOST } from '../tokens.js';

/**
 * Storage: `memory:` uses the in-memory adapter, everything else the SQL adapter (SQLite or MySQL); and
 * the log of its outages, shared by the HTTP app and the background jobs.
 */
export const storageModule = (config: HostConfig) =>
  new ContainerModule(({ bind }) => {
    bind<StorageOutageLog>(HOST.StorageOutage)
      .toResolvedValue((storage: Storage, log: Logger) => new StorageOutageLog(storage, log), [TOKENS.Storage, HOST.Logger])
      .inSingletonScope();
    if (config.databaseUrl === 'memory:') {
      bind<Storage>(TOKENS.Storage)
        .toResolvedValue(() => createMemoryStorage())
        .inSingletonScope();
      bind<() => Promise<void>>(HOST.Migrate).toConstantValue(async () => {});
      return;
    }
    bind<Storage>(TOKENS.Storage)
      .toResolvedValue(() => createSqlStorage({ url: config.databaseUrl }))
      .inSingletonScope();
    bind<() => Promise<void>>(HOST.Migrate)
      .toResolvedValue((storage: Storage) => () => (storage as SqlStorage).migrate(), [TOKENS.Storage])
      .inSingletonScope();
  });
