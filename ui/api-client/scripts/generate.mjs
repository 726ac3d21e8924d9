/**
 * Writes `src/openapi.d.ts` from the OpenAPI document the HTTP adapter serves, built over in-memory adapters
 * (no database, no network). Needs the packages built (`npm run build`).
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createParley, defaultCoreConfig } from '@parley/core';
import { MemoryEventBus } from '@parley/events-memory';
import { createHttpApp } from '@parley/http-hono';
import { AesGcmSecretBox, Argon2Hasher, NodeTokenCrypto, SystemClock, Uuid7Ids } from '@parley/node-crypto';
import { createMemoryStorage } from '@parley/storage-memory';
import { openApiTypes } from './openapi-types.mjs';

const storage = createMemoryStorage();
const clock = new SystemClock();
const parley = createParley({
  storage,
  events: new MemoryEventBus(),
  clock,
  ids: new Uuid7Ids({ clock }),
  hasher: new Argon2Hasher(),
  crypto: new NodeTokenCrypto(),
  secretBox: new AesGcmSecretBox(randomBytes(32)),
  config: defaultCoreConfig,
});
const app = createHttpApp({ parley, ready: () => storage.ping() });
const document = await (await app.request('/api/v1/openapi.json')).json();
const target = new URL('../src/openapi.d.ts', import.meta.url);
await writeFile(target, await openApiTypes(document));
console.log(`wrote ${target.pathname}`);
