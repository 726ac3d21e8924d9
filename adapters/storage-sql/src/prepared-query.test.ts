import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { connect, parseStorageUrl } from './connect.js';
import type { DialectTraits } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { chunkSizes, MAX_WHOLE_LIST, preparedListQuery, preparedQuery, wholeChunkSizes } from './prepared-query.js';
import type { Database } from './schema.js';

let ctx: { db: Kysely<Database>; traits: DialectTraits };
const at = '2026-01-01T00:00:00.000Z';
const account = (id: string) => ({ id, name: id, plan: 'basic', settings: '{}', created_at: at, updated_at: at, version: 1 }) as never;

beforeAll(async () => {
  ctx = await connect(parseStorageUrl('sqlite::memory:'));
  await migrateToLatest(ctx.db, ctx.traits);
  await ctx.db
    .insertInto('accounts')
    .values({ id: 'a1', name: 'A', plan: 'enterprise', settings: '{}', created_at: at, updated_at: at, version: 1 } as never)
    .execute();
});

afterAll(async () => {
  await ctx.db.destroy();
});

describe('preparedQuery', () => {
  const byName = preparedQuery(['name', 'version'], (db, p) =>
    db
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where('name', '=', p.name)
      .where('version', '>=', p.version)
      .where('plan', '=', 'enterprise'),
  );

  it('runs the SQL the builder gives, with fresh values each time and constants kept', async () => {
    const built = ctx.db
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where('name', '=', 'A')
      .where('version', '>=', 1)
      .where('plan', '=', 'enterprise')
      .compile();
    expect((await byName.run(ctx, { name: 'A', version: 1 })).rows).toEqual([{ id: 'a1', name: 'A' }]);
    expect((await byName.run(ctx, { name: 'A', version: 2 })).rows).toEqual([]);
    expect((await byName.run(ctx, { name: "A' or 1=1 --", version: 0 })).rows).toEqual([]);
    expect(await ctx.db.executeQuery({ ...built, parameters: ['A', 1, 'enterprise'] })).toEqual(
      await byName.run(ctx, { name: 'A', version: 1 }),
    );
  });

  it('refuses a statement that leaves a named value out', async () => {
    const broken = preparedQuery(['name', 'unused'], (db, p) => db.selectFrom('accounts').selectAll().where('name', '=', p.name));
    await expect(broken.run(ctx, { name: 'A', unused: 1 })).rejects.toThrow(/does not use unused/);
  });
});

describe('preparedListQuery', () => {
  const ids = Array.from({ length: 100 }, (_, i) => `L${String(i).padStart(3, '0')}`);
  const byIds = preparedListQuery(
    ['plan'],
    ['id'],
    (db, p, items) =>
      db
        .selectFrom('accounts')
        .select('id')
        .where('plan', '=', p.plan)
        .where(
          'id',
          'in',
          items.map((i) => i.id),
        )
        .orderBy('id'),
    { padded: true },
  );

  beforeAll(async () => {
    await ctx.db.insertInto('accounts').values(ids.map(account)).execute();
  });

  it('cuts a list into chunks of a few fixed sizes, or pads the last one where a repeat changes nothing', () => {
    expect(chunkSizes(0, false)).toEqual([]);
    expect(chunkSizes(45, false)).toEqual([32, 8, 4, 1]);
    expect(chunkSizes(45, true)).toEqual([64]);
    expect(chunkSizes(64, false)).toEqual([64]);
    expect(chunkSizes(130, false)).toEqual([64, 64, 2]);
    expect(chunkSizes(131, true)).toEqual([64, 64, 4]);
  });

  it('runs lists of any length with statements of seven texts in all, bound with the values', async () => {
    const texts = new Set<string>();
    // The same database, noting the SQL of each statement run.
    const db = new Proxy(ctx.db, {
      get: (target, prop) => {
        if (prop === 'executeQuery') return (q: { sql: string }) => (texts.add(q.sql), target.executeQuery(q as never));
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    for (let n = 1; n <= ids.length; n++) {
      const given = ids.slice(0, n).reverse();
      const results = await byIds.run(
        { ...ctx, db },
        { plan: 'basic' },
        given.map((id) => ({ id })),
      );
      expect(results).toHaveLength(Math.ceil(n / 64));
      expect(results.flatMap((r) => r.rows.map((row) => row.id)).sort()).toEqual(ids.slice(0, n));
    }
    expect(texts.size).toBe(7);
    expect((await byIds.run(ctx, { plan: 'enterprise' }, [{ id: ids[0] }]))[0]?.rows).toEqual([]);
    expect(await byIds.run(ctx, { plan: 'basic' }, [])).toEqual([]);
  });

  it('sends a list whole, one statement of its own length, where the dialect sends lists whole', async () => {
    expect(wholeChunkSizes(0)).toEqual([]);
    expect(wholeChunkSizes(45)).toEqual([45]);
    expect(wholeChunkSizes(MAX_WHOLE_LIST)).toEqual([MAX_WHOLE_LIST]);
    expect(wholeChunkSizes(300)).toEqual([128, 128, 44]);
    const statements: string[] = [];
    const db = new Proxy(ctx.db, {
      get: (target, prop) => {
        if (prop === 'executeQuery') return (q: { sql: string }) => (statements.push(q.sql), target.executeQuery(q as never));
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const whole = { db, traits: { ...ctx.traits, wholeLists: true } };
    for (let n = 1; n <= ids.length; n++) {
      const given = ids.slice(0, n).reverse();
      const results = await byIds.run(
        whole,
        { plan: 'basic' },
        given.map((id) => ({ id })),
      );
      expect(results).toHaveLength(1);
      expect(results[0]!.rows.map((row) => row.id)).toEqual(ids.slice(0, n));
      // n placeholders in the list, no copies of the last item
      expect(statements.at(-1)!.match(/\?/g)).toHaveLength(n + 1);
    }
    expect(new Set(statements).size).toBe(ids.length);
    const insert = preparedListQuery([], ['id'], (db, _p, items) => db.insertInto('accounts').values(items.map((i) => account(i.id))));
    statements.length = 0;
    await insert.run(whole, {}, [{ id: 'W1' }, { id: 'W2' }, { id: 'W3' }]);
    expect(statements).toHaveLength(1);
    expect((await ctx.db.selectFrom('accounts').select('id').where('id', 'like', 'W%').orderBy('id').execute()).map((r) => r.id)).toEqual([
      'W1',
      'W2',
      'W3',
    ]);
  });

  it('runs several statements atomically when asked: a failure in a later one keeps none of the earlier ones', async () => {
    const insert = preparedListQuery([], ['id'], (db, _p, items) => db.insertInto('accounts').values(items.map((i) => account(i.id))));
    const stored = async (list: string[]) =>
      (await ctx.db.selectFrom('accounts').select('id').where('id', 'in', list).execute()).map((r) => r.id);
    // Three items are two statements (2 + 1); the last collides.
    await expect(insert.run(ctx, {}, [{ id: 'X1' }, { id: 'X2' }, { id: ids[0] }], { atomic: true })).rejects.toThrow(/UNIQUE/);
    expect(await stored(['X1', 'X2'])).toEqual([]);
    await expect(insert.run(ctx, {}, [{ id: 'X1' }, { id: 'X2' }, { id: ids[0] }])).rejects.toThrow(/UNIQUE/);
    expect(await stored(['X1', 'X2'])).toEqual(['X1', 'X2']);
  });

  it('refuses a statement that leaves an item’s value out', async () => {
    const broken = preparedListQuery([], ['id', 'unused'], (db, _p, items) =>
      db
        .selectFrom('accounts')
        .selectAll()
        .where(
          'id',
          'in',
          items.map((i) => i.id),
        ),
    );
    await expect(broken.run(ctx, {}, [{ id: 'A', unused: 1 }])).rejects.toThrow(/does not use 0.unused/);
  });
});
