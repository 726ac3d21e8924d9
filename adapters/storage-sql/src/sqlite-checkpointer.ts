import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite WAL checkpoints off the event loop. A checkpoint copies the pages the WAL has gathered into the
 * database file and syncs both; better-sqlite3 is synchronous, so when the connection that commits also
 * checkpoints (SQLite's `wal_autocheckpoint`), every request waits behind the copy and the two syncs: in a
 * loop of two-message commits on Parley's schema, 40 % of the commit time. This worker thread opens a
 * connection of its own to the same file and runs a passive checkpoint (it never blocks a writer or a
 * reader) every `intervalMs`; one with nothing to copy only reads the WAL's header. The committing
 * connection keeps a far larger `wal_autocheckpoint` as a backstop: should this thread fall behind, the WAL
 * still cannot grow past it; should it end before it is asked to (its connection could not open, say), it
 * tells `onFailure`, and the committing connection takes the checkpoints back (see `connect`).
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
let db;
try {
  db = new Database(workerData.filename, { fileMustExist: true });
} catch (e) {
  // The driver's own error class does not cross to the main thread with its message; a plain Error does.
  throw new Error('the checkpoint thread cannot open the database: ' + (e && e.message));
}
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

/**
 * Starts the checkpoint thread for the database file `filename` (already open and in WAL mode). `onFailure`
 * hears, once, of a thread that ended before {@link SqliteCheckpointer.stop} asked it to.
 */
export const startSqliteCheckpointer = (
  filename: string,
  { intervalMs = SQLITE_CHECKPOINT_INTERVAL_MS, onFailure }: { intervalMs?: number; onFailure?: (error: Error) => void } = {},
): SqliteCheckpointer => {
  const flags = new SharedArrayBuffer(4);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, { eval: true, workerData: { driver, filename, intervalMs, flags } });
  // An unclosed storage must not keep the process alive.
  worker.unref();
  let ended = false;
  const end = (error: Error) => {
    if (ended) return;
    ended = true;
    if (Atomics.load(new Int32Array(flags), 0) === 0) onFailure?.(error);
  };
  const stopped = new Promise<void>((resolve) => {
    // An error (the thread threw) comes before its exit.
    worker.once('error', (e: unknown) => {
      end(e instanceof Error ? e : new Error(`the checkpoint thread failed: ${JSON.stringify(e)}`));
      resolve();
    });
    worker.once('exit', (code) => {
      end(new Error(`the checkpoint thread exited (code ${code})`));
      resolve();
    });
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
