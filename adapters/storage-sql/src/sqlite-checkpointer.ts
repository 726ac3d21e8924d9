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
 * finds `quietFrames` or more in the WAL, the thread asks for a quiet moment: the connection's next use
 * waits (asynchronously: the event loop goes on) and holds it, the thread copies the few frames committed
 * since its last checkpoint, and the next transaction then begins on a fully copied WAL and starts it over.
 * The wait is bounded by `quietMaxMs`; a write that comes without waiting (another process's, or one after
 * the bound) only makes the WAL start over later.
 *
 * **Search batches.** Given a {@link SqliteSearchJob} (the storage gives one), the thread also moves the
 * messages noted for the full-text index into it (`search-index.ts`), a batch and its merge steps every
 * `periodMs`, in a quiet moment: the FTS5 work, 4 ms a batch of 300 messages on the event loop before, is
 * off it, and no statement of this process waits for the thread's write lock.
 */
export interface SqliteCheckpointer {
  /** Whether the thread runs the search batches: it was given them and has not ended. */
  readonly searching: boolean;
  /**
   * Called before the committing connection is used: null, or, when the thread has asked for a quiet moment,
   * a promise that settles once the thread has done its work (or after `quietMaxMs`).
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
 * quiet moment's state. A quiet moment for a checkpoint that the connection does not take within a period is
 * taken back (an idle connection writes nothing, so the WAL is copied whole anyway and its next transaction
 * starts it over); one for a search batch goes ahead without it (the connection has not touched the database
 * for that long; should it begin a transaction meanwhile, it waits for the batch's commit).
 */
const THREAD = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const flags = new Int32Array(workerData.flags);
const [IDLE, ASKED, HELD] = [${IDLE}, ${ASKED}, ${HELD}];
const job = workerData.search;
let db;
try {
  db = new Database(workerData.filename, { fileMustExist: true });
  if (job) {
    db.pragma('temp_store = MEMORY');
    db.pragma('busy_timeout = ' + job.busyTimeoutMs);
  }
} catch (e) {
  // The driver's own error class does not cross to the main thread with its message; a plain Error does.
  throw new Error('the checkpoint thread cannot open the database: ' + (e && e.message));
}
const quietly = (fn, anyway) => {
  Atomics.store(flags, 1, ASKED);
  Atomics.wait(flags, 1, ASKED, workerData.intervalMs);
  const held = Atomics.compareExchange(flags, 1, ASKED, IDLE) === HELD;
  if (!held && !anyway) return 0;
  try {
    return fn();
  } finally {
    if (held) {
      Atomics.store(flags, 1, IDLE);
      Atomics.notify(flags, 1);
    }
  }
};
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
// The search statements, prepared once their tables exist (the thread may start before the migrations).
let statements = null;
const prepared = () =>
  (statements ??= {
    noted: db.prepare(job.sql.noted),
    insert: db.prepare(job.sql.insert),
    forget: db.prepare(job.sql.forget),
    merge: db.prepare(job.sql.merge),
    changes: db.prepare('select total_changes() as n'),
  });
const writing = (fn) => {
  db.exec('begin immediate');
  try {
    const result = fn();
    db.exec('commit');
    return result;
  } catch (e) {
    if (db.inTransaction) db.exec('rollback');
    throw e;
  }
};
// One batch, then merge steps until one finds nothing (as the storage's own batches do); how many it moved.
const indexBatch = () => {
  const s = prepared();
  const moved = writing(() => {
    s.insert.run(job.batch);
    return s.forget.run(job.batch).changes;
  });
  for (let step = 0; moved > 0 && step < job.mergeSteps; step++) {
    const merged = writing(() => {
      const before = s.changes.get().n;
      s.merge.run();
      return s.changes.get().n - before >= 2;
    });
    if (!merged) break;
  }
  return moved;
};
const noted = () => {
  try {
    return Boolean(prepared().noted.get().noted);
  } catch {
    statements = null;
    return false;
  }
};
try {
  let lastCheckpoint = 0;
  let lastSearch = 0;
  let wait = 0;
  const period = job ? Math.min(workerData.intervalMs, job.periodMs) : workerData.intervalMs;
  while (Atomics.load(flags, 0) === 0) {
    Atomics.wait(flags, 0, 0, wait);
    if (Atomics.load(flags, 0) !== 0) break;
    wait = period;
    const now = Date.now();
    let full = false;
    // A failed or busy checkpoint is tried again next period; the backstop bounds the WAL meanwhile.
    if (now - lastCheckpoint >= workerData.intervalMs) {
      lastCheckpoint = now;
      try {
        const result = checkpoint();
        full = Boolean(result && result.log >= workerData.quietFrames);
      } catch {}
    }
    const search = job !== undefined && now - lastSearch >= job.periodMs && noted();
    if (search) lastSearch = now;
    if (!full && !search) continue;
    // A failed batch (the file busy with another process, say) stays noted for the next period or a search.
    const moved = quietly(() => {
      let moved = 0;
      try {
        if (search) moved = indexBatch();
      } catch {}
      try {
        if (full) checkpoint();
      } catch {}
      return moved;
    }, search);
    // A full batch may have left more: the next one follows at once.
    if (search && moved === job.batch) wait = 0;
  }
} finally {
  Atomics.store(flags, 1, IDLE);
  Atomics.notify(flags, 1);
  db.close();
}
`;

/**
 * Search batches the thread runs (see `search-index.ts`): its statements, and every `periodMs` one batch of
 * up to `batch` noted messages and up to `mergeSteps` merge steps, in a quiet moment.
 */
export interface SqliteSearchJob {
  readonly periodMs: number;
  readonly batch: number;
  readonly mergeSteps: number;
  /** How long the thread's connection waits for the write lock (another process's) before it leaves a batch for later. */
  readonly busyTimeoutMs: number;
  readonly sql: { readonly noted: string; readonly insert: string; readonly forget: string; readonly merge: string };
}

export interface SqliteCheckpointerOptions {
  /** Checkpoint period ({@link SQLITE_CHECKPOINT_INTERVAL_MS}). */
  readonly intervalMs?: number;
  /** WAL frames from which the thread asks for a quiet moment ({@link SQLITE_QUIET_FRAMES}). */
  readonly quietFrames?: number;
  /** The longest a transaction waits in a quiet moment ({@link SQLITE_QUIET_MAX_MS}). */
  readonly quietMaxMs?: number;
  /** Told, once, of a thread that ended before it was asked to stop. */
  readonly onFailure?: (error: Error) => void;
  /** Search batches to run on the thread instead of the event loop (none by default). */
  readonly search?: SqliteSearchJob;
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
    search,
  }: SqliteCheckpointerOptions = {},
): SqliteCheckpointer => {
  const flags = new SharedArrayBuffer(8);
  const state = new Int32Array(flags);
  let searching = search !== undefined;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, { eval: true, workerData: { driver, filename, intervalMs, quietFrames, flags, search } });
  // An unclosed storage must not keep the process alive.
  worker.unref();
  let ended = false;
  const end = (error: Error) => {
    if (ended) return;
    ended = true;
    searching = false;
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
    get searching() {
      return searching;
    },
    quiet() {
      if (Atomics.load(state, 1) !== ASKED || Atomics.compareExchange(state, 1, ASKED, HELD) !== ASKED) return null;
      Atomics.notify(state, 1);
      const wait = waitAsync(state, 1, HELD, quietMaxMs);
      if (!wait.async) {
        release();
        return null;
      }
      return wait.value.then(release);
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
