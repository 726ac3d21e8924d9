import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The built entry point; `npm test` builds before it runs the tests. */
export const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface HostProcess {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the real host on a free loopback port and waits for its "listening" line. The process is
 * killed when the test process exits, so nothing outlives the run.
 */
export const startHost = async (env: Record<string, string>, cwd: string): Promise<HostProcess> => {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      PARLEY_HOST: '127.0.0.1',
      PARLEY_ARGON2_MEMORY_KIB: '1024',
      PARLEY_ARGON2_ITERATIONS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 20_000);
    const check = () => {
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
};

/** Runs the host expecting it to fail fast; resolves with exit code and output. */
export const runToExit = async (file: string, args: string[], env: Record<string, string>, cwd: string) => {
  const child = spawn(process.execPath, [file, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out };
};

export const json = async (url: string, method: string, body?: unknown, token?: string) => {
  const res = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
};

/** Reads SSE text from a fetch body until `pred` holds on what arrived. */
export const readUntil = async (reader: ReadableStreamDefaultReader<Uint8Array>, pred: (text: string) => boolean, seen = { text: '' }) => {
  const dec = new TextDecoder();
  while (!pred(seen.text)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended; got:\n${seen.text}`);
    seen.text += dec.decode(value, { stream: true });
  }
  return seen;
};
