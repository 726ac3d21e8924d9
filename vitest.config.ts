import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Tests run against sources; packages import each other by name, resolved here to their src. */
export default defineConfig({
  resolve: {
    // Subpaths first: an alias also matches the start of a longer specifier.
    alias: {
      '@parley/core/testing': src('./core/src/testing/index.ts'), // before '@parley/core', which would match it first
      '@parley/core/ip-rules': src('./core/src/policies/ip-rules.ts'),
      '@parley/core/limits': src('./core/src/model/limits.ts'),
      '@parley/http-hono/testing': src('./adapters/http-hono/src/testing/index.ts'),
      '@parley/storage-sql/testing': src('./adapters/storage-sql/src/testing/index.ts'),
      '@parley/events-redis/testing': src('./adapters/events-redis/src/testing/index.ts'),
      '@parley/mail-smtp/testing': src('./adapters/mail-smtp/src/testing/index.ts'),
      '@parley/core': src('./core/src/index.ts'),
      '@parley/conformance': src('./conformance/src/index.ts'),
      '@parley/node-crypto': src('./adapters/node-crypto/src/index.ts'),
      '@parley/storage-memory': src('./adapters/storage-memory/src/index.ts'),
      '@parley/storage-sql': src('./adapters/storage-sql/src/index.ts'),
      '@parley/events-memory': src('./adapters/events-memory/src/index.ts'),
      '@parley/events-redis': src('./adapters/events-redis/src/index.ts'),
      '@parley/webhooks': src('./adapters/webhooks/src/index.ts'),
      '@parley/mail-smtp': src('./adapters/mail-smtp/src/index.ts'),
      '@parley/http-hono': src('./adapters/http-hono/src/index.ts'),
      '@parley/common-passwords': src('./adapters/common-passwords/src/index.ts'),
      '@parley/geoip-lite': src('./adapters/geoip-lite/src/index.ts'),
    },
  },
  test: {
    include: [
      'scripts/**/*.test.ts',
      'core/src/**/*.test.ts',
      'conformance/src/**/*.test.ts',
      'adapters/*/src/**/*.test.ts',
      'hosts/*/src/**/*.test.ts',
      'hosts/*/test/**/*.test.ts',
      'ui/*/src/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
