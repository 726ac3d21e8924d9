import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkServerVersion, dialectOf, parseStorageUrl, redactUrl, StorageUrlError, UnsupportedServerError } from './connect.js';

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

describe('storage-sql: server versions (FOR UPDATE SKIP LOCKED needs MariaDB 10.6+, invisible columns MySQL 8.0.23+)', () => {
  const refusal = (version: string): UnsupportedServerError => {
    try {
      checkServerVersion(version);
    } catch (e) {
      if (e instanceof UnsupportedServerError) return e;
      throw e;
    }
    throw new Error(`${version} was accepted`);
  };

  it.each(['10.6.0-MariaDB', '10.11.19-MariaDB-0+deb12u1', '11.4.2-MariaDB'])('accepts MariaDB from 10.6: %s', (version) => {
    expect(() => checkServerVersion(version)).not.toThrow();
  });

  it.each(['8.0.23', '8.4.0', '9.1.0', '8.0.36-0ubuntu0.22.04.1'])('accepts MySQL from 8.0.23: %s', (version) => {
    expect(() => checkServerVersion(version)).not.toThrow();
  });

  it('reads MariaDB behind the 5.5.5- prefix some servers report', () => {
    expect(() => checkServerVersion('5.5.5-10.11.6-MariaDB')).not.toThrow();
    expect(refusal('5.5.5-10.3.39-MariaDB').message).toContain('MariaDB 10.3.39 is too old');
  });

  it.each([
    ['10.5.25-MariaDB', 'MariaDB 10.5.25'],
    ['10.3.39-MariaDB', 'MariaDB 10.3.39'],
    ['5.7.44-log', 'MySQL 5.7.44'],
    ['8.0.0', 'MySQL 8.0.0'],
    ['8.0.22', 'MySQL 8.0.22'],
  ])('refuses %s, naming the version found and the minimum, on one line', (version, named) => {
    const e = refusal(version);
    expect(e.message).toBe(
      `storage-sql: ${named} is too old: Parley needs MariaDB 10.6 or later (for FOR UPDATE SKIP LOCKED), or MySQL 8.0.23 or later (for invisible columns).`,
    );
  });

  it('refuses a version it cannot read, quoting it on one line', () => {
    for (const version of ['', 'PostgreSQL 16', 'eight-MariaDB', 'v8.0.36\nmore']) {
      const e = refusal(version);
      expect(e.message).toMatch(/^storage-sql: cannot read the database server's version ".*": Parley needs MariaDB 10\.6 or later/);
      expect(e.message).not.toContain('\n');
    }
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
