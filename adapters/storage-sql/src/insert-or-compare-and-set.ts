import { conflictOf } from './errors.js';
import type { TableName } from './schema.js';

/** The two statements of {@link insertOrCompareAndSet}; `update` must match the row and `expectedVersion`. */
export interface VersionedWrite {
  /** Inserts the row at version 1. */
  insert(): Promise<unknown>;
  /** Updates the row where `version = expectedVersion`, setting `version = expectedVersion + 1`. */
  update(): Promise<{ readonly numUpdatedRows: bigint }>;
}

/**
 * The write of a row that is created on first save (security settings, a monitor layout, an agent's
 * presence). Version 0 means the caller saw no row: insert, and a duplicate key means another writer
 * inserted first, so the compare-and-set fails (false). Any other version is a compare-and-set update:
 * true only when the row still had that version.
 */
export const insertOrCompareAndSet = async (table: TableName, expectedVersion: number, write: VersionedWrite): Promise<boolean> => {
  if (expectedVersion === 0) {
    try {
      await write.insert();
      return true;
    } catch (e) {
      if (conflictOf(e, table)) return false;
      throw e;
    }
  }
  const result = await write.update();
  return Number(result.numUpdatedRows) === 1;
};
