/**
 * Conformance suites for Parley adapters. An adapter's test file calls
 * {@link describeStorageConformance} with a factory for its store, and the suite checks every guarantee
 * the `Storage` port of `@parley/core` documents: round-trips, tenant isolation, all-or-nothing
 * transactions, compare-and-set updates, unique emails, concurrent writers and the audit chain.
 *
 * ```ts
 * import { describeStorageConformance } from '@parley/conformance';
 * import { createMemoryStorage } from '@parley/storage-memory';
 *
 * describeStorageConformance('memory', { create: async () => createMemoryStorage() });
 * ```
 *
 * The suite runs under vitest (a peer dependency). {@link conformanceFixtures} holds the builders it
 * uses, for adapters' own tests.
 *
 * {@link describeEventBusConformance} does the same for `EventBus` adapters (memory, Redis): delivery by
 * topic and per subscription, order, unsubscribe, error isolation, the `*` topic, close, and (for a bus that can
 * lose events, given an `outage` to simulate) the gap announcements.
 *
 * @module
 */
export { describeStorageConformance, type StorageFactory } from './storage-suite.js';
export { conformanceFixtures } from './fixtures.js';
export { buildChat, buildChatEvent, seedActiveChat, servicesOver } from './chat-suite.js';
export { defineChatSearchTests } from './chat-search-suite.js';
export { buildHistoryEntry, buildSecurityRecord, buildTicket } from './security-suite.js';
export { buildCannedResponse, buildLabel } from './console-suite.js';
export { buildApiToken } from './api-token-suite.js';
export { buildDelivery, buildOpenApiIntegration, buildSalesforceIntegration } from './integration-suite.js';
export { describeEventBusConformance, busEvent, type EventBusErrorReporter, type EventBusFactory } from './event-bus-suite.js';
export {
  TEST_SERVER_ENV,
  configuredTestServer,
  skipTestServer,
  testServerUrl,
  type TestServerKind,
  type TestServerTarget,
} from './test-servers.js';
export { TcpProxy } from './tcp-proxy.js';
