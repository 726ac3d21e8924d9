/**
 * Finds a MySQL server for integration tests, and makes a fresh database on it per use.
 *
 * 1. `PARLEY_TEST_MYSQL_URL` (e.g. `mysql://root@127.0.0.1:3306/test`): that server is used; the
 *    database in the URL only serves to connect.
 * 2. Otherwise, when a Docker engine answers, a `mysql:8.4` container is started, once per process and
 *    shared by every database made here; testcontainers' reaper removes it when the process ends.
 * 3. Otherwise the tests are skipped with a loud warning; but when `CI=true`, this throws instead, so
 *    that CI never passes without having run them.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { TEST_SERVER_ENV, configuredTestServer, skipTestServer } from '@parley/conformance';

export interface MysqlTestDatabase {
  /** Points at a freshly created, empty database. */
  readonly url: string;
  /** Drops the database. */
  stop(): Promise<void>;
}

export type MysqlTestTarget = MysqlTestDatabase | { readonly skip: string };

export const MYSQL_URL_ENV = TEST_SERVER_ENV.mysql.name;
const IMAGE = 'mysql:8.4';
const DOCKER_PROBE_TIMEOUT_MS = 5000;

let container: Promise<string> | null = null;

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);

const dockerAvailable = async (): Promise<boolean> => {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    return (
      (await withTimeout(
        getContainerRuntimeClient().then(() => true),
        DOCKER_PROBE_TIMEOUT_MS,
      )) === true
    );
  } catch {
    return false;
  }
};

/** Starts the container; its URL logs in as root, which may create databases. */
const startContainer = async (): Promise<string> => {
  const { MySqlContainer } = await import('@testcontainers/mysql');
  const started = await new MySqlContainer(IMAGE).withRootPassword('parley').start();
  return started.getConnectionUri(true);
};

/** A URL for the server (its path is replaced by each database's name), or why there is none. */
const findServer = async (): Promise<{ url: string } | { skip: string }> => {
  const fromEnv = configuredTestServer('mysql');
  if (fromEnv) return { url: fromEnv };
  if (container) return { url: await container };
  if (await dockerAvailable()) {
    container ??= startContainer();
    return { url: await container };
  }
  return skipTestServer(
    'mysql',
    `MySQL tests need ${MYSQL_URL_ENV} (e.g. ${TEST_SERVER_ENV.mysql.example}) or a reachable Docker engine; found neither.`,
  );
};

const withDatabase = (serverUrl: string, database: string): string => {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
};

const admin = async (serverUrl: string, statement: string): Promise<void> => {
  const conn = await createConnection({ uri: serverUrl });
  try {
    await conn.query(statement);
  } finally {
    await conn.end();
  }
};

/**
 * A fresh database `parley_t_<random>` to run tests against, or why there is none. The caller calls
 * `stop()` when done with it.
 */
export const mysqlTestUrl = async (): Promise<MysqlTestTarget> => {
  const server = await findServer();
  if ('skip' in server) return server;
  // Identifiers cannot be bound as parameters; this one is made here of hex digits only.
  const database = `parley_t_${randomBytes(6).toString('hex')}`;
  await admin(server.url, `CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  return {
    url: withDatabase(server.url, database),
    stop: () => admin(server.url, `DROP DATABASE IF EXISTS \`${database}\``),
  };
};
