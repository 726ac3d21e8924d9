import type { Context } from 'hono';

/** The part of Node's `ServerResponse` the app writes to directly on `@hono/node-server`. */
export interface NodeResponse {
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  setHeader(name: string, value: string): unknown;
  write(chunk: string | Uint8Array): boolean;
  end(): unknown;
  once(event: 'close', listener: () => void): unknown;
  readonly destroyed?: boolean;
}

/** Node's response on `@hono/node-server` (`c.env.outgoing`), or null on any other runtime (`app.request`). */
export const nodeResponseOf = (c: Context): NodeResponse | null => {
  const out = (c.env as { outgoing?: Partial<NodeResponse> } | undefined)?.outgoing;
  return typeof out?.writeHead === 'function' &&
    typeof out.setHeader === 'function' &&
    typeof out.write === 'function' &&
    typeof out.once === 'function'
    ? (out as NodeResponse)
    : null;
};
