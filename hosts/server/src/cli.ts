#!/usr/bin/env node
import { TOKENS, type Id, type Parley, type Plan, type Storage, type User } from '@parley/core';
import { ConfigError, loadConfig } from './config.js';
import { createContainer } from './container.js';
import { createLogger } from './logger.js';
import { HOST } from './tokens.js';

const USAGE = `usage: parley <command>

  serve                              start the server (the default)
  migrate                            apply pending storage migrations and exit
  demo [--force]                     start the server with a demo account and simulated visitors, and print
                                     where to sign in; refuses a database that holds accounts unless --force
  worker                             run only the outbox dispatcher (webhooks, Salesforce), no HTTP server
  account list                       list accounts: id, plan, name
  account set-plan <accountId> <plan> change an account's plan (audited as a system action)
  account unlock <email> [accountId]  end a user's lockout (audited as a system action)
  account reset-password <email> [accountId]
                                     make a user's password unusable, end their sessions and lock, and print
                                     a one-time ticket (valid 1 hour) that only sets a new password, with the
                                     console's link that takes it (<PARLEY_PUBLIC_URL>/app/renew?token=…) or
                                     POST /api/v1/auth/password {"ticket", "newPassword"} (audited as a system action)
  account clear-ip-rules <accountId>  remove the account's IP access rules, so that every address may sign in
                                     again: for rules that shut out the owner (audited as a system action)
  The accountId after an email is needed only when the email has a user in several accounts.

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

/** The user the operator means by `email`: its only user, or its user in `accountId`. */
const userByEmail = async (storage: Storage, email: string, accountId: Id | undefined): Promise<User> => {
  const address = email.trim().toLowerCase();
  const users = await storage.read(async (r) => {
    if (accountId === undefined) return r.users.listByEmail(address, 100);
    const u = await r.users.getByEmail(accountId, address);
    return u ? [u] : [];
  });
  if (users.length === 0) throw new Error(`no user has the email ${address}${accountId === undefined ? '' : ` in account ${accountId}`}`);
  if (users.length > 1)
    throw new Error(
      `${address} has a user in several accounts (${users.map((u) => u.accountId).join(', ')}); add the accountId after the email`,
    );
  return users[0]!;
};

const run = async (args: string[]): Promise<number> => {
  const [cmd = 'serve', sub, ...rest] = args;
  switch (cmd) {
    case 'serve':
      await import('./main.js');
      return -1; // keep running
    case 'demo': {
      if (![sub, ...rest].every((a) => a === undefined || a === '--force')) break;
      const { runDemo, demoInstructions } = await import('./demo.js');
      const config = loadConfig();
      // The server's info lines would bury the instructions; warnings and errors still show.
      const demo = await runDemo(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel), { force: sub === '--force' });
      const stop = () =>
        void demo.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.stdout.write(demoInstructions(demo)); // last: whoever reads it may stop the demo at once
      return -1; // keep running until SIGINT/SIGTERM
    }
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
      if (sub === 'unlock' && (rest.length === 1 || rest.length === 2)) {
        const [email, accountId] = rest as [string, string | undefined];
        const u = await withParley(async (p, storage) => {
          const user = await userByEmail(storage, email, accountId);
          return p.security.unlockUserAsOperator(user.accountId, user.id);
        });
        process.stdout.write(`${u.id}\t${u.accountId}\t${u.email}\tunlocked\n`);
        return 0;
      }
      if (sub === 'clear-ip-rules' && rest.length === 1) {
        const [id] = rest as [string];
        const { removed } = await withParley((p) => p.security.clearIpRulesAsOperator(id));
        process.stdout.write(
          removed.length === 0
            ? `${id}\tno IP rules: every address may already sign in\n`
            : `${id}\tIP rules removed (${removed.join(', ')}): every address may sign in again\n`,
        );
        return 0;
      }
      if (sub === 'reset-password' && (rest.length === 1 || rest.length === 2)) {
        const [email, accountId] = rest as [string, string | undefined];
        const reset = await withParley(async (p, storage) => {
          const user = await userByEmail(storage, email, accountId);
          return p.auth.resetPasswordAsOperator(user.accountId, user.id);
        });
        // The ticket goes to stdout alone (for a pipe); the explanation to stderr.
        process.stderr.write(
          `The password of ${reset.user.email} (user ${reset.user.id}, account ${reset.user.accountId}) no longer works and their sessions ended.\n` +
            `Hand them this one-time link over a trusted channel; until ${reset.expiresAt} it opens the console's form that\n` +
            `sets a new password:\n  ${reset.link}\n` +
            `(or send the ticket printed on standard output: POST /api/v1/auth/password {"ticket": "...", "newPassword": "..."})\n`,
        );
        process.stdout.write(`${reset.ticket}\n`);
        return 0;
      }
      break;
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
  }
  process.stderr.write(`${USAGE}\n`);
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
