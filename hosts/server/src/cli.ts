#!/usr/bin/env node
import { TOKENS, type Parley, type Plan, type Storage } from '@parley/core';
import { ConfigError, loadConfig } from './config.js';
import { createContainer } from './container.js';
import { createLogger } from './logger.js';
import { HOST } from './tokens.js';

const USAGE = `usage: parley <command>

  serve                              start the server (the default)
  migrate                            apply pending storage migrations and exit
  worker                             run only the outbox dispatcher (webhooks, Salesforce), no HTTP server
  account list                       list accounts: id, plan, name
  account set-plan <accountId> <plan> change an account's plan (audited as a system action)

Configuration comes from environment variables; see the README.`;

/** Runs `fn` with a migrated container, then closes storage. */
const withParley = async <T>(fn: (parley: Parley, storage: Storage) => Promise<T>): Promise<T> => {
  const config = loadConfig();
  const container = await createContainer(config, createLogger('warn'));
  const storage = await container.getAsync<Storage>(TOKENS.Storage);
  try {
    await (await container.getAsync<() => Promise<void>>(HOST.Migrate))();
    return await fn(await container.getAsync<Parley>(TOKENS.Parley), storage);
  } finally {
    await storage.close();
  }
};

const run = async (args: string[]): Promise<number> => {
  const [cmd = 'serve', sub, ...rest] = args;
  switch (cmd) {
    case 'serve':
      await import('./main.js');
      return -1; // keep running
    case 'worker':
      await (await import('./worker.js')).runWorker();
      return -1; // keep running until SIGTERM/SIGINT
    case 'migrate':
      await withParley(async () => {});
      process.stdout.write('migrations applied\n');
      return 0;
    case 'account':
      if (sub === 'list') {
        await withParley(async (_p, storage) => {
          const ids = await storage.read((r) => r.accounts.listIds());
          for (const id of ids) {
            const a = await storage.read((r) => r.accounts.get(id));
            if (a) process.stdout.write(`${a.id}\t${a.plan}\t${a.name}\n`);
          }
        });
        return 0;
      }
      if (sub === 'set-plan' && rest.length === 2) {
        const [id, plan] = rest as [string, string];
        const a = await withParley((p) => p.accounts.setPlan(id, plan as Plan));
        process.stdout.write(`${a.id}\t${a.plan}\t${a.name}\n`);
        return 0;
      }
      break;
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return 0;
  }
  process.stderr.write(USAGE + '\n');
  return 64;
};

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    const msg = err instanceof ConfigError ? `invalid configuration: ${err.message}` : err instanceof Error ? err.message : String(err);
    process.stderr.write(`parley: ${msg}\n`);
    process.exit(err instanceof ConfigError ? 78 : 1);
  },
);
