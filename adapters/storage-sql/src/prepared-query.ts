import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { SqlDialectName } from './dialect.js';
import { atomically, type RepositoryContext } from './repository-context.js';
import type { Database } from './schema.js';

/** A statement built once, run many times with fresh values (see {@link preparedQuery}). */
export interface PreparedQuery<K extends string, R> {
  /** Runs the statement on `ctx.db` (the transaction, or the pool) with these values. */
  run(ctx: RepositoryContext, values: Readonly<Record<K, unknown>>): Promise<QueryResult<R>>;
}

/**
 * A statement over a list of items, built once per chunk size (see {@link preparedListQuery}). `K` names
 * the values given once, `I` the fields of each item.
 */
export interface PreparedListQuery<K extends string, I extends string, R> {
  /**
   * Runs the statement over `items`, a chunk after another in their order, on `ctx.db`, and answers each
   * statement's result. With `atomic`, statements that are more than one run {@link atomically}: in the
   * caller's transaction, or in one of their own. No items, no statement.
   */
  run(
    ctx: RepositoryContext,
    values: Readonly<Record<K, unknown>>,
    items: readonly Readonly<Record<I, unknown>>[],
    options?: { readonly atomic?: boolean },
  ): Promise<QueryResult<R>[]>;
}

/** Where one parameter of a compiled statement comes from. */
type Slot<K, I> = { readonly name: K } | { readonly item: number; readonly name: I } | { readonly constant: unknown };

type Build<K extends string, I extends string, R> = (
  db: Kysely<Database>,
  p: Readonly<Record<K, never>>,
  items: readonly Readonly<Record<I, never>>[],
) => Compilable<R>;

/**
 * Builds the statement for `size` items and compiles it, once per dialect, with placeholders where the
 * values go; answers the compiled query and, per parameter, which placeholder it is (or the constant the
 * builder put there).
 */
const compiler = <K extends string, I extends string, R>(
  names: readonly K[],
  itemNames: readonly I[],
  size: number,
  build: Build<K, I, R>,
) => {
  const compiled = new Map<SqlDialectName, { query: CompiledQuery<R>; slots: readonly Slot<K, I>[] }>();
  return ({ db, traits }: RepositoryContext) => {
    let found = compiled.get(traits.name);
    if (!found) {
      // Placeholders no caller can pass as a value: a NUL byte and the name (after the item's position).
      const placeholders = new Map<string, Slot<K, I>>();
      const placeholder = (label: string, slot: Slot<K, I>): never => {
        const text = `\u0000preparedQuery:${label}\u0000`;
        placeholders.set(text, slot);
        return text as never;
      };
      const p = Object.fromEntries(names.map((name) => [name, placeholder(name, { name })])) as Record<K, never>;
      const items = Array.from(
        { length: size },
        (_, item) =>
          Object.fromEntries(itemNames.map((name) => [name, placeholder(`${item}.${name}`, { item, name })])) as Record<I, never>,
      );
      const query = build(db, p, items).compile();
      const slots = query.parameters.map(
        (value) => (typeof value === 'string' ? placeholders.get(value) : undefined) ?? { constant: value },
      );
      const used = new Set(slots);
      for (const [text, slot] of placeholders)
        if (!used.has(slot)) throw new Error(`preparedQuery: the statement does not use ${text.slice('\u0000preparedQuery:'.length, -1)}`);
      found = { query, slots };
      compiled.set(traits.name, found);
    }
    return found;
  };
};

const parametersOf = <K extends string, I extends string>(
  slots: readonly Slot<K, I>[],
  values: Readonly<Record<K, unknown>>,
  items: readonly Readonly<Record<I, unknown>>[],
): unknown[] => slots.map((s) => ('constant' in s ? s.constant : 'item' in s ? items[s.item]![s.name] : values[s.name]));

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
  const prepare = compiler<K, never, R>(names, [], 0, build);
  return {
    async run(ctx, values) {
      const { query, slots } = prepare(ctx);
      return ctx.db.executeQuery<R>({ ...query, parameters: parametersOf(slots, values, []) });
    },
  };
};

/** The largest chunk a list statement takes; with the smaller powers of two, seven statement texts. */
export const MAX_CHUNK = 64;

/**
 * The chunk sizes for a list of `count` items: as many of {@link MAX_CHUNK} as fit, then the rest as a sum
 * of powers of two, largest first (45 → 32 + 8 + 4 + 1); or, `padded`, the rest as one chunk of the next
 * power of two (45 → 64).
 */
export const chunkSizes = (count: number, padded: boolean): number[] => {
  const sizes: number[] = [];
  let rest = count;
  for (; rest >= MAX_CHUNK; rest -= MAX_CHUNK) sizes.push(MAX_CHUNK);
  if (rest > 0 && padded) sizes.push(2 ** Math.ceil(Math.log2(rest)));
  else for (let size = MAX_CHUNK / 2; size >= 1; size /= 2) if (rest & size) sizes.push(size);
  return sizes;
};

/** The longest list a statement takes where lists are sent whole (`DialectTraits.wholeLists`): a group of chat messages. */
export const MAX_WHOLE_LIST = 128;

/** {@link chunkSizes} where lists are sent whole: as many of {@link MAX_WHOLE_LIST} as fit, then the rest as one. */
export const wholeChunkSizes = (count: number): number[] => {
  const sizes: number[] = [];
  for (let rest = count; rest > 0; rest -= MAX_WHOLE_LIST) sizes.push(Math.min(rest, MAX_WHOLE_LIST));
  return sizes;
};

/**
 * {@link preparedQuery} for a statement over a list (`IN (...)`, a multi-row insert). Its text depends on
 * how many items it has, and every new text costs a build and compile here and a prepare in SQLite (whose
 * statement cache is small): so a list is cut into chunks of a few fixed sizes ({@link chunkSizes}), and
 * each size's statement is built once per dialect. Where the dialect sends lists whole
 * (`DialectTraits.wholeLists`: MySQL, where each statement is a round trip) a list is one statement of its
 * own length, up to {@link MAX_WHOLE_LIST} items ({@link wholeChunkSizes}), each length built once. `build`
 * gets the placeholders of the values given once and one record of placeholders per item of the chunk.
 *
 * `padded`: the statement means the same when an item appears twice (an `IN` list, a `CASE` on the same
 * key); then the last chunk is filled up to its size with copies of its last item, so that up to
 * {@link MAX_CHUNK} items are one statement (lists sent whole need no filling). Never for inserts.
 *
 * @example
 * const byIds = preparedListQuery(['accountId'], ['id'], (db, p, items) =>
 *   db.selectFrom('chats').selectAll().where('account_id', '=', p.accountId).where('id', 'in', items.map((i) => i.id)),
 *   { padded: true });
 * const rows = (await byIds.run(ctx, { accountId }, ids.map((id) => ({ id })))).flatMap((r) => r.rows);
 */
export const preparedListQuery = <K extends string, I extends string, R>(
  names: readonly K[],
  itemNames: readonly I[],
  build: Build<K, I, R>,
  { padded = false }: { readonly padded?: boolean } = {},
): PreparedListQuery<K, I, R> => {
  const bySize = new Map<number, ReturnType<typeof compiler<K, I, R>>>();
  const prepare = (size: number, ctx: RepositoryContext) => {
    let found = bySize.get(size);
    if (!found) bySize.set(size, (found = compiler(names, itemNames, size, build)));
    return found(ctx);
  };
  return {
    async run(ctx, values, items, { atomic = false } = {}) {
      const sizes = ctx.traits.wholeLists ? wholeChunkSizes(items.length) : chunkSizes(items.length, padded);
      const runAll = async (db: Kysely<Database>) => {
        const results: QueryResult<R>[] = [];
        let at = 0;
        for (const size of sizes) {
          const chunk = items.slice(at, at + size);
          at += size;
          while (chunk.length < size) chunk.push(chunk[chunk.length - 1]!);
          const { query, slots } = prepare(size, ctx);
          results.push(await db.executeQuery<R>({ ...query, parameters: parametersOf(slots, values, chunk) }));
        }
        return results;
      };
      return atomic && sizes.length > 1 ? atomically(ctx.db, runAll) : runAll(ctx.db);
    },
  };
};
