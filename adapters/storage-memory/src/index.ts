/**
 * In-memory implementation of the `Storage` port of `@parley/core`: for tests, demos and development. Nothing it holds
 * survives the process. It honours every guarantee of the port and passes `@parley/conformance`.
 *
 * ```ts
 * import { createMemoryStorage } from '@parley/storage-memory';
 * const storage = createMemoryStorage();
 * ```
 *
 * @module
 */
export * from './memory-storage.js';
