import type { Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { initial } from './0001-initial.js';

/**
 * Every migration, by name; applied in name order. Shared by both dialects: a migration receives the
 * dialect's traits and branches on them only where the SQL cannot be the same.
 */
export const migrations = (traits: DialectTraits): Record<string, Migration> => ({
  '0001-initial': initial(traits),
});
