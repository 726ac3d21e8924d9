import type { Id } from '../model/types.js';
import type { Repositories } from '../ports/storage.js';

/** The names of these label ids that still exist, in the order given (for payloads). */
export const labelNames = async (tx: Repositories, accountId: Id, ids: readonly Id[]): Promise<string[]> => {
  if (ids.length === 0) return [];
  const byId = new Map((await tx.labels.list(accountId)).map((l) => [l.id, l.name]));
  return ids.flatMap((id) => {
    const name = byId.get(id);
    return name === undefined ? [] : [name];
  });
};
