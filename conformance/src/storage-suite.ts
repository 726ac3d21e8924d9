import { afterAll, beforeAll, describe } from 'vitest';
import type { Storage } from '@parley/core';
import { defineChatReportTests } from './chat-report-suite.js';
import { defineChatSearchTests } from './chat-search-suite.js';
import { defineChatTests } from './chat-suite.js';
import { defineIntegrationTests } from './integration-suite.js';
import { defineMonitorTests } from './monitor-suite.js';
import { defineApiTokenTests } from './api-token-suite.js';
import { defineConsoleTests } from './console-suite.js';
import { defineSecurityTests } from './security-suite.js';
import { defineStoreTests } from './store-suite.js';
import { defineAccountTests } from './account-suite.js';
import { defineUserTests } from './user-suite.js';
import { defineSessionTests } from './session-suite.js';
import { defineWidgetTests } from './widget-suite.js';
import { defineAuditTests } from './audit-suite.js';
import { defineTransactionTests } from './transaction-suite.js';
import { defineConcurrencyTests } from './concurrency-suite.js';

/** How the suite gets a fresh store for an adapter, and gets rid of it. */
export interface StorageFactory {
  /** A ready-to-use store (schema created). Called once, in `beforeAll`. */
  create(): Promise<Storage>;
  /**
   * Closes the store and removes what the run left behind (a temp file, a database). Called once, in
   * `afterAll`; when absent the suite calls `storage.close()` instead.
   */
  destroy?(storage: Storage): Promise<void>;
  /**
   * A reason to skip the whole suite (say, no database server to test against). The suite is then
   * reported as skipped and a warning naming the reason is printed, so the gap is not silent.
   */
  skip?: string | false;
}

/**
 * Registers the storage conformance suite for one adapter: every guarantee of the `Storage` port,
 * checked by writing through the port and reading back through a separate `storage.read`.
 *
 * The tests are independent of each other and of their order: each creates its own accounts, users
 * and widgets with random ids, and asserts containment rather than totals where other data may exist.
 * Call it at the top level of a vitest test file:
 *
 * ```ts
 * describeStorageConformance('memory', { create: async () => createMemoryStorage() });
 * ```
 */
export function describeStorageConformance(name: string, factory: StorageFactory): void {
  const title = `storage conformance: ${name}`;
  if (typeof factory.skip === 'string') {
    console.warn(
      `\n${'!'.repeat(80)}\n!!! SKIPPED: ${title}\n!!! Reason: ${factory.skip}\n!!! This adapter's guarantees are NOT being checked.\n${'!'.repeat(80)}\n`,
    );
    describe.skip(title, () => defineTests(() => notCreated(name)));
    return;
  }
  describe(title, () => {
    let storage: Storage | undefined;
    beforeAll(async () => {
      storage = await factory.create();
    });
    afterAll(async () => {
      if (!storage) return;
      const s = storage;
      storage = undefined;
      if (factory.destroy) await factory.destroy(s);
      else await s.close();
    });
    defineTests(() => storage ?? notCreated(name));
  });
}

const notCreated = (name: string): never => {
  throw new Error(`storage conformance: the ${name} storage was not created`);
};

/** Every area's tests, in the order the suite has always run them, so that runs stay comparable. */
function defineTests(storage: () => Storage): void {
  defineChatTests(storage);
  defineChatSearchTests(storage);
  defineChatReportTests(storage);
  defineIntegrationTests(storage);
  defineMonitorTests(storage);
  defineApiTokenTests(storage);
  defineConsoleTests(storage);
  defineSecurityTests(storage);
  defineStoreTests(storage);
  defineAccountTests(storage);
  defineUserTests(storage);
  defineSessionTests(storage);
  defineWidgetTests(storage);
  defineAuditTests(storage);
  defineTransactionTests(storage);
  defineConcurrencyTests(storage);
}
