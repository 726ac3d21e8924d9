/**
 * Where tests find the MySQL and Redis servers they run against: one rule for every package.
 *
 * - `PARLEY_TEST_MYSQL_URL` (e.g. `mysql://root@127.0.0.1:3306/test`) and `PARLEY_TEST_REDIS_URL`
 *   (e.g. `redis://127.0.0.1:6379`) name the servers.
 * - When one is not set, the tests that need it are skipped with a loud warning, so the gap shows in
 *   the output; but when `CI=true` this throws instead, so that CI never passes without having run them.
 */

/** The environment variable naming each kind of test server, with an example value. */
export const TEST_SERVER_ENV = {
  mysql: { name: 'PARLEY_TEST_MYSQL_URL', example: 'mysql://root@127.0.0.1:3306/test' },
  redis: { name: 'PARLEY_TEST_REDIS_URL', example: 'redis://127.0.0.1:6379' },
} as const;

export type TestServerKind = keyof typeof TEST_SERVER_ENV;

/** A server to test against, or why there is none. */
export type TestServerTarget = { readonly url: string } | { readonly skip: string };

/** The configured server of `kind`, or `null` when its variable is not set (no warning, no CI check). */
export const configuredTestServer = (kind: TestServerKind, env: NodeJS.ProcessEnv = process.env): string | null =>
  env[TEST_SERVER_ENV[kind].name] || null;

/**
 * Why tests of `kind` cannot run (`reason` says what else was tried, if anything): thrown under
 * `CI=true`, else printed loudly and returned as a skip.
 */
export const skipTestServer = (kind: TestServerKind, reason: string, env: NodeJS.ProcessEnv = process.env): { readonly skip: string } => {
  if (env.CI === 'true') throw new Error(`${reason} Refusing to skip them on CI.`);
  console.warn(`\n${'!'.repeat(80)}\n!! SKIPPING ${kind === 'mysql' ? 'MySQL' : 'Redis'} tests: ${reason}\n${'!'.repeat(80)}\n`);
  return { skip: reason };
};

/** The server of `kind` from its variable, or a loud skip (a failure under `CI=true`). */
export const testServerUrl = (kind: TestServerKind, env: NodeJS.ProcessEnv = process.env): TestServerTarget => {
  const url = configuredTestServer(kind, env);
  if (url) return { url };
  const { name, example } = TEST_SERVER_ENV[kind];
  return skipTestServer(kind, `${kind === 'mysql' ? 'MySQL' : 'Redis'} tests need ${name} (e.g. ${example}); it is not set.`, env);
};
