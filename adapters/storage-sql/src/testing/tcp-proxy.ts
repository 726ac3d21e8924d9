/**
 * A TCP proxy on 127.0.0.1 in front of a database server, which a test cuts (the database becomes
 * unreachable without stopping it: new connections are refused,
 * open ones dropped) and resumes on the same port.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Refuses new connections and drops the open ones. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  const sockets = new Set<Socket>();
  const make = () =>
    createServer((client) => {
      const upstream = connect(target.port, target.host);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        // One side failing ends both.
        s.on('error', () => (client.destroy(), upstream.destroy()));
      }
      client.pipe(upstream).pipe(client);
    });
  const listen = (s: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
    });
  const stop = (s: Server) =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (s.listening) s.close(() => resolve());
      else resolve();
    });
  let server = make();
  const port = await listen(server, 0);
  return {
    port,
    cut: () => stop(server),
    resume: async () => {
      server = make();
      await listen(server, port);
    },
    close: () => stop(server),
  };
};

/** `url` with its host and port replaced by the proxy's. */
export const throughProxy = (url: string, proxy: TcpProxy): string => {
  const u = new URL(url);
  u.host = `127.0.0.1:${proxy.port}`;
  return u.toString();
};
