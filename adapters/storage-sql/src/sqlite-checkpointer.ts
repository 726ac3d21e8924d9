import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite WAL checkpoints off the event loop. A checkpoint copies the pages the WAL has gathered into the
 * database file and syncs both; better-sqlite3 is synchronous, so when the connection that commits also
 * checkpoints (SQLite's `wal_autocheckpoint`), every request waits behind the copy and the two syncs: in a
 * loop of two-message commits on Parley's schema, 40 % of the commit time. This worker thread opens a
 * connection of its own to the same file and runs a passive checkpoint (it never blocks a writer or a
 * reader) every `intervalMs`; one with nothing to copy only reads the WAL's header. The committing
 * connection keeps a far larger `wal_autocheckpoint` as a backstop: should this thread fall behind or
 * stop, the WAL still cannot grow past it.
 */
export interface SqliteCheckpointer {
  /** Asks the thread to stop after the checkpoint it may be running; returns at once. */
  stop(): void;
  /** Settles once the thread has closed its connection and ended. */
  readonly stopped: Promise<void>;
}

/** Checkpoint period of the thread. */
export const SQLITE_CHECKPOINT_INTERVAL_MS = 100;

/** The thread (CommonJS, evaluated: no file to ship or to find). `flags[0]` set means stop. */
const THREAD = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const flags = new Int32Array(workerData.flags);
const db = new Database(workerData.filename, { fileMustExist: true });
try {
  while (Atomics.load(flags, 0) === 0) {
    Atomics.wait(flags, 0, 0, workerData.intervalMs);
    if (Atomics.load(flags, 0) !== 0) break;
    // A failed or busy checkpoint is tried again next period; the backstop bounds the WAL meanwhile.
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  }
} finally {
  db.close();
}
`;

/** Starts the checkpoint thread for the database file `filename` (already open and in WAL mode). */
export const startSqliteCheckpointer = (filename: string, intervalMs = SQLITE_CHECKPOINT_INTERVAL_MS): SqliteCheckpointer => {
  const flags = new SharedArrayBuffer(4);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, { eval: true, workerData: { driver, filename, intervalMs, flags } });
  // An unclosed storage must not keep the process alive.
  worker.unref();
  const stopped = new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.once('error', () => resolve());
  });
  return {
    stop() {
      // Whoever awaits `stopped` keeps the process alive until the thread has closed its connection.
      worker.ref();
      const f = new Int32Array(flags);
      Atomics.store(f, 0, 1);
      Atomics.notify(f, 0);
    },
    stopped,
  };
};
