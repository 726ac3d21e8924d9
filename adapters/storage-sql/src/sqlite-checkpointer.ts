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
 *
 * **Quiet moments.** SQLite starts the WAL over (writes from its beginning again) only when a write
 * transaction begins after every frame in it has been copied. Under a steady load, commits land while the
 * thread copies, so that moment rarely comes: the WAL grew to the backstop, and the committing connection
 * then copied what the thread had not, on the event loop (some 5 ms of CPU and two syncs, several times a
 * second at 3,000 messages/s, the main source of the message path's tail latency). So when a checkpoint
 * finds `quietFrames` or more in the WAL, the thread asks for a quiet moment: the connection's next
 * transaction waits (asynchronously: the event loop goes on) before it begins, the thread copies the few
 * frames committed since its last checkpoint, and the transaction then begins on a fully copied WAL and
 * starts it over. The wait is bounded by `quietMaxMs`; a transaction that begins without waiting (another
 * process's, or one after the bound) only makes the WAL start over later.
 */
export interface SqliteCheckpointer {
  /**
   * Called before each write transaction of the committing connection: null, or, when the thread has asked for
   * a quiet moment, a promise that settles once the thread has copied the WAL (or after `quietMaxMs`).
   */
  quiet(): Promise<void> | null;
  /** Asks the thread to stop after the checkpoint it may be running; returns at once. */
  stop(): void;
  /** Settles once the thread has closed its connection and ended. */
  readonly stopped: Promise<void>;
}

/** Checkpoint period of the thread. */
export const SQLITE_CHECKPOINT_INTERVAL_MS = 100;

/**
 * Frames in the WAL (4 KB pages) from which the thread asks for a quiet moment: 4 MB, about a tenth of a
 * second of messages at 3,000 a second.
 */
export const SQLITE_QUIET_FRAMES = 4000;

/** The longest a transaction waits for the thread in a quiet moment. */
export const SQLITE_QUIET_MAX_MS = 50;

/** `Atomics.waitAsync` (Node 16+), typed here as the project's `lib` (ES2023) does not declare it. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ): { async: false } | { async: true; value: Promise<unknown> };
  }
).waitAsync;

/** `flags[1]`: no quiet moment asked for, asked for by the thread, held by the committing connection. */
const IDLE = 0;
const ASKED = 1;
const HELD = 2;

/**
 * The thread (CommonJS, evaluated: no file to ship or to find). `flags[0]` set means stop; `flags[1]` is the
 * quiet moment's state. Asked for, it waits up to a period for the connection's next transaction; if none
 * began meanwhile it takes the request back (an idle connection writes nothing, so the WAL is copied whole
 * anyway and the next transaction starts it over).
 */
const THREAD = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const flags = new Int32Array(workerData.flags);
const [IDLE, ASKED, HELD] = [${IDLE}, ${ASKED}, ${HELD}];
let db;
try {
  db = new Database(workerData.filename, { fileMustExist: true });
} catch (e) {
  // The driver's own error class does not cross to the main thread with its message; a plain Error does.
  throw new Error('the checkpoint thread cannot open the database: ' + (e && e.message));
}
const quietCheckpoint = () => {
  Atomics.store(flags, 1, ASKED);
  Atomics.wait(flags, 1, ASKED, workerData.intervalMs);
  if (Atomics.compareExchange(flags, 1, ASKED, IDLE) !== HELD) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    Atomics.store(flags, 1, IDLE);
    Atomics.notify(flags, 1);
  }
};
try {
  while (Atomics.load(flags, 0) === 0) {
    Atomics.wait(flags, 0, 0, workerData.intervalMs);
    if (Atomics.load(flags, 0) !== 0) break;
    // A failed or busy checkpoint is tried again next period; the backstop bounds the WAL meanwhile.
    try {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)');
      if (result && result.log >= workerData.quietFrames) quietCheckpoint();
    } catch {}
  }
} finally {
  Atomics.store(flags, 1, IDLE);
  Atomics.notify(flags, 1);
  db.close();
}
`;

export interface SqliteCheckpointerOptions {
  /** Checkpoint period ({@link SQLITE_CHECKPOINT_INTERVAL_MS}). */
  readonly intervalMs?: number;
  /** WAL frames from which the thread asks for a quiet moment ({@link SQLITE_QUIET_FRAMES}). */
  readonly quietFrames?: number;
  /** The longest a transaction waits in a quiet moment ({@link SQLITE_QUIET_MAX_MS}). */
  readonly quietMaxMs?: number;
  /** Told, once, of a thread that ended before it was asked to stop. */
  readonly onFailure?: (error: Error) => void;
}

/**
 * Starts the checkpoint thread for the database file `filename` (already open and in WAL mode). `onFailure`
 * hears, once, of a thread that ended before {@link SqliteCheckpointer.stop} asked it to.
 */
export const startSqliteCheckpointer = (
  filename: string,
  {
    intervalMs = SQLITE_CHECKPOINT_INTERVAL_MS,
    quietFrames = SQLITE_QUIET_FRAMES,
    quietMaxMs = SQLITE_QUIET_MAX_MS,
    onFailure,
  }: SqliteCheckpointerOptions = {},
): SqliteCheckpointer => {
  const flags = new SharedArrayBuffer(8);
  const state = new Int32Array(flags);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, { eval: true, workerData: { driver, filename, intervalMs, quietFrames, flags } });
  // An unclosed storage must not keep the process alive.
  worker.unref();
  let ended = false;
  const end = (error: Error) => {
    if (ended) return;
    ended = true;
    if (Atomics.load(state, 0) === 0) onFailure?.(error);
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
  // Ends a quiet moment the thread did not end within the bound; the thread's own end finds it ended.
  const release = () => {
    Atomics.compareExchange(state, 1, HELD, IDLE);
  };
  return {
    quiet() {
      if (Atomics.load(state, 1) !== ASKED || Atomics.compareExchange(state, 1, ASKED, HELD) !== ASKED) return null;
      Atomics.notify(state, 1);
      const wait = waitAsync(state, 1, HELD, quietMaxMs);
      if (!wait.async) {
        release();
        return null;
      }
      // `Atomics.waitAsync` holds nothing open in the event loop, and nor does its own timeout: a process with
      // nothing else to do (a script over the library, the CLI) would exit with the transaction unwritten (code
      // 13, an unsettled top-level await). So the bound is a timer of the event loop, which the wait races: it
      // keeps the process up until one of them settles. (A timer that only kept the process up for the bound
      // fired first now and then, when the thread's checkpoint took that long, and left the wait's timeout to an
      // empty event loop: a script writing large transactions stopped so, at random.)
      let bound: ReturnType<typeof setTimeout> | undefined;
      return Promise.race([wait.value, new Promise<void>((resolve) => (bound = setTimeout(resolve, quietMaxMs)))]).then(() => {
        clearTimeout(bound);
        release();
      });
    },
    stop() {
      // Whoever awaits `stopped` keeps the process alive until the thread has closed its connection.
      worker.ref();
      Atomics.store(state, 0, 1);
      Atomics.notify(state, 0);
    },
    stopped,
  };
};
