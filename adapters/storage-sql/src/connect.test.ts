import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialectOf, parseStorageUrl, redactUrl, StorageUrlError } from './connect.js';

describe('storage-sql: storage URLs', () => {
  it('tells the dialect', () => {
    expect(dialectOf('sqlite:./data/parley.db')).toBe('sqlite');
    expect(dialectOf('sqlite::memory:')).toBe('sqlite');
    expect(dialectOf('mysql://u:p@db:3306/parley')).toBe('mysql');
    expect(dialectOf('mariadb://u@db/parley')).toBe('mysql');
    expect(() => dialectOf('postgres://u:secret@db/parley')).toThrow(StorageUrlError);
    expect(() => dialectOf('postgres://u:secret@db/parley')).not.toThrow(/secret/);
  });

  it('parses SQLite files, relative or absolute, and memory', () => {
    expect(parseStorageUrl('sqlite:./data/parley.db')).toEqual({ dialect: 'sqlite', filename: resolve('data/parley.db'), memory: false });
    expect(parseStorageUrl('sqlite:/var/lib/parley.db')).toEqual({ dialect: 'sqlite', filename: '/var/lib/parley.db', memory: false });
    expect(parseStorageUrl('sqlite:///var/lib/parley.db')).toEqual({ dialect: 'sqlite', filename: '/var/lib/parley.db', memory: false });
    expect(parseStorageUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', filename: ':memory:', memory: true });
    expect(() => parseStorageUrl('sqlite:')).toThrow(StorageUrlError);
  });

  it('parses MySQL URLs, decoding credentials', () => {
    expect(parseStorageUrl('mysql://app:p%40ss%3Aword@db.internal:3307/parley?connectionLimit=4&ssl=true')).toEqual({
      dialect: 'mysql',
      host: 'db.internal',
      port: 3307,
      user: 'app',
      password: 'p@ss:word',
      database: 'parley',
      connectionLimit: 4,
      ssl: true,
    });
    expect(parseStorageUrl('mysql://root@127.0.0.1/test')).toMatchObject({ port: 3306, password: '', connectionLimit: 10, ssl: false });
    expect(() => parseStorageUrl('mysql://root@127.0.0.1/')).toThrow(/needs a host and a database/);
    expect(() => parseStorageUrl('mysql://root@127.0.0.1/x?connectionLimit=0')).toThrow(StorageUrlError);
  });

  it('masks passwords', () => {
    expect(redactUrl('mysql://app:secret@db/parley')).toBe('mysql://app:***@db/parley');
    expect(redactUrl('sqlite:./x.db')).toBe('sqlite:./x.db');
  });
});

describe('storage-sql: connecting', () => {
  it('fails at once, without the password in the message, when the MySQL server does not answer', async () => {
    const { createSqlStorage } = await import('./sql-storage.js');
    const err = await createSqlStorage({ url: 'mysql://nobody:hunter2@127.0.0.1:1/none' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).not.toContain('hunter2');
  });
});
