import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { SqlDialectName } from './dialect.js';
import type { RepositoryContext } from './repository-context.js';
import type { Database } from './schema.js';

/** A statement built once, run many times with fresh values (see {@link preparedQuery}). */
export interface PreparedQuery<K extends string, R> {
  /** Runs the statement on `ctx.db` (the transaction, or the pool) with these values. */
  run(ctx: RepositoryContext, values: Readonly<Record<K, unknown>>): Promise<QueryResult<R>>;
}

/**
 * A statement that Kysely builds and compiles once per dialect, then runs with fresh values. Kysely
 * builds and compiles every query on every call (immutable operation nodes, then a compiler pass over
 * them), which on the chat message path costs about as much as SQLite running the statement. The SQL is
 * exactly what the builder gives for the dialect, and values are bound as parameters, never spliced into
 * the text.
 *
 * `build` gets one placeholder per name, to be used where a value goes (typed `never` so that it fits any
 * column). Parameters of the compiled query that are not placeholders are kept as constants.
 *
 * @example
 * const byId = preparedQuery(['id'], (db, p) => db.selectFrom('chats').selectAll().where('id', '=', p.id));
 * const { rows } = await byId.run(ctx, { id });
 */
export const preparedQuery = <K extends string, R>(
  names: readonly K[],
  build: (db: Kysely<Database>, p: Readonly<Record<K, never>>) => Compilable<R>,
): PreparedQuery<K, R> => {
  const compiled = new Map<SqlDialectName, { query: CompiledQuery<R>; slots: readonly (K | { readonly constant: unknown })[] }>();
  const prepare = ({ db, traits }: RepositoryContext) => {
    let found = compiled.get(traits.name);
    if (!found) {
      // Placeholders no caller can pass as a value: a NUL byte and the name.
      const placeholder = (name: K) => `\u0000preparedQuery:${name}\u0000`;
      const p = Object.fromEntries(names.map((n) => [n, placeholder(n)])) as unknown as Record<K, never>;
      const query = build(db, p).compile();
      const slots = query.parameters.map((value) => names.find((n) => placeholder(n) === value) ?? { constant: value });
      for (const n of names) if (!slots.includes(n)) throw new Error(`preparedQuery: the statement does not use ${n}`);
      found = { query, slots };
      compiled.set(traits.name, found);
    }
    return found;
  };
  return {
    async run(ctx, values) {
      const { query, slots } = prepare(ctx);
      const parameters = slots.map((s) => (typeof s === 'string' ? values[s] : s.constant));
      return ctx.db.executeQuery<R>({ ...query, parameters });
    },
  };
};
