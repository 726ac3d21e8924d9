/** Test helper (not exported): a local HTTP receiver on 127.0.0.1 that records what it gets. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export type Handler = (req: Received, res: ServerResponse) => void | Promise<void>;

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  /** Replaces how it answers (default: 200 "ok"). */
  handle(h: Handler): void;
  close(): Promise<void>;
}

export const startReceiver = async (handler?: Handler): Promise<Receiver> => {
  const received: Received[] = [];
  let h: Handler =
    handler ??
    ((_r, res) => {
      res.end('ok');
    });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(r);
      void Promise.resolve(h(r, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    handle: (next) => {
      h = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
