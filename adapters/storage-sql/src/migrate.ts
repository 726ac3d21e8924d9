import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import type { DialectTraits } from './dialect.js';
import type { Database } from './schema.js';
import type { SqlStorageLogger } from './logger.js';
import { migrations } from './migrations/index.js';

/** Kysely's bookkeeping tables, prefixed so they sit next to ours. */
const MIGRATION_TABLE = 'parley_migration';
const MIGRATION_LOCK_TABLE = 'parley_migration_lock';

export class MigrationError extends Error {
  constructor(
    readonly migration: string | null,
    options: { cause?: unknown },
  ) {
    super(migration ? `Migration ${migration} failed` : 'Migrating the database failed', options);
    this.name = 'MigrationError';
  }
}

/**
 * Applies the pending migrations, in order; a no-op when there are none. Concurrent callers are
 * serialised by Kysely's migration lock.
 */
export const migrateToLatest = async (
  db: Kysely<Database>,
  traits: DialectTraits,
  logger?: SqlStorageLogger,
): Promise<readonly MigrationResult[]> => {
  const all = migrations(traits);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => all },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    // Migrations are numbered per feature and may land out of order (0002 after 0003); each is
    // independent of the others, so a database that has later ones still gets an earlier newcomer.
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const r of results) {
    if (r.status === 'Success') logger?.info?.('storage-sql: applied migration', { migration: r.migrationName, dialect: traits.name });
  }
  if (error !== undefined) throw new MigrationError(results.find((r) => r.status === 'Error')?.migrationName ?? null, { cause: error });
  return results;
};
