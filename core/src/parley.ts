import { AccountService } from './services/account-service.js';
import { AuditService } from './services/audit-service.js';
import { AuthService } from './services/auth-service.js';
import type { CoreDeps } from './services/context.js';
import { UserService } from './services/user-service.js';
import { WidgetService } from './services/widget-service.js';

/** Every service of the core, wired to one set of ports. */
export interface Parley {
  readonly deps: CoreDeps;
  readonly audit: AuditService;
  readonly accounts: AccountService;
  readonly auth: AuthService;
  readonly users: UserService;
  readonly widgets: WidgetService;
}

/**
 * Builds the services over the given ports: the one entry point an embedder needs.
 *
 * @example
 * const parley = createParley({ storage, events, clock, ids, hasher, crypto, config: defaultCoreConfig });
 * const { account } = await parley.accounts.signUp({ accountName, email, name, password }, meta);
 */
export const createParley = (deps: CoreDeps): Parley => {
  const audit = new AuditService(deps);
  return {
    deps,
    audit,
    accounts: new AccountService(deps, audit),
    auth: new AuthService(deps),
    users: new UserService(deps, audit),
    widgets: new WidgetService(deps, audit),
  };
};
