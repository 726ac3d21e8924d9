/**
 * A TCP proxy on 127.0.0.1 in front of a server, which a test cuts and restores to simulate an outage
 * without touching the server others share.
 *
 * ```ts
 * const proxy = await TcpProxy.start('redis://127.0.0.1:6379');
 * const bus = await createRedisEventBus({ url: proxy.url });
 * proxy.cut(); // every connection through it drops, new ones are closed at once
 * proxy.restore();
 * await proxy.close();
 * ```
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private isCut = false;

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
    readonly port: number,
  ) {}

  /** Listens on a free port of 127.0.0.1 and forwards to `targetUrl`'s host and port. */
  static async start(targetUrl: string): Promise<TcpProxy> {
    const target = new URL(targetUrl);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
    const proxy = new TcpProxy(server, target, address.port);
    server.on('connection', (client) => proxy.forward(client));
    return proxy;
  }

  /** `targetUrl` with the proxy's host and port instead (credentials, path and scheme kept). */
  get url(): string {
    const url = new URL(this.target.href);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.href;
  }

  get cutOff(): boolean {
    return this.isCut;
  }

  /** Drops every connection through the proxy; until {@link restore}, new ones are closed as they come. */
  cut(): void {
    this.isCut = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  /** Drops every connection and stops listening. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(client: Socket): void {
    if (this.isCut) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: this.target.hostname, port: Number(this.target.port || 6379) });
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  }
}
