import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { connect, parseStorageUrl } from './connect.js';
import type { DialectTraits } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { preparedQuery } from './prepared-query.js';
import type { Database } from './schema.js';

let ctx: { db: Kysely<Database>; traits: DialectTraits };

beforeAll(async () => {
  ctx = await connect(parseStorageUrl('sqlite::memory:'));
  await migrateToLatest(ctx.db, ctx.traits);
  const at = '2026-01-01T00:00:00.000Z';
  await ctx.db.insertInto('accounts').values({ id: 'a1', name: 'A', plan: 'enterprise', settings: '{}', created_at: at, updated_at: at, version: 1 } as never).execute();
});

afterAll(async () => {
  await ctx.db.destroy();
});

describe('preparedQuery', () => {
  const byName = preparedQuery(['name', 'version'], (db, p) => db.selectFrom('accounts').select(['id', 'name']).where('name', '=', p.name).where('version', '>=', p.version).where('plan', '=', 'enterprise'));

  it('runs the SQL the builder gives, with fresh values each time and constants kept', async () => {
    const built = ctx.db.selectFrom('accounts').select(['id', 'name']).where('name', '=', 'A').where('version', '>=', 1).where('plan', '=', 'enterprise').compile();
    expect((await byName.run(ctx, { name: 'A', version: 1 })).rows).toEqual([{ id: 'a1', name: 'A' }]);
    expect((await byName.run(ctx, { name: 'A', version: 2 })).rows).toEqual([]);
    expect((await byName.run(ctx, { name: "A' or 1=1 --", version: 0 })).rows).toEqual([]);
    expect(await ctx.db.executeQuery({ ...built, parameters: ['A', 1, 'enterprise'] })).toEqual(await byName.run(ctx, { name: 'A', version: 1 }));
  });

  it('refuses a statement that leaves a named value out', async () => {
    const broken = preparedQuery(['name', 'unused'], (db, p) => db.selectFrom('accounts').selectAll().where('name', '=', p.name));
    await expect(broken.run(ctx, { name: 'A', unused: 1 })).rejects.toThrow(/does not use unused/);
  });
});
