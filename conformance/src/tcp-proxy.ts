/**
 * A TCP proxy on 127.0.0.1 in front of a server (MySQL, Redis, a Parley host), which a test uses to make the
 * server unreachable, or to drop its connections, without touching the server others share.
 *
 * ```ts
 * const proxy = await TcpProxy.start('redis://127.0.0.1:6379');
 * const bus = await createRedisEventBus({ url: proxy.url });
 * proxy.cut(); // an outage: every connection through it drops, new ones are closed as they come
 * proxy.restore();
 * proxy.drop(); // a blip: the open connections drop, new ones go through
 * await proxy.close();
 * ```
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'mysql:': 3306, 'mariadb:': 3306, 'redis:': 6379, 'http:': 80 };

export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private isCut = false;

  private constructor(
    private readonly server: Server,
    private readonly targetUrl: string,
    readonly port: number,
  ) {}

  private get target(): URL {
    return new URL(this.targetUrl);
  }

  /** Listens on a free port of 127.0.0.1 and forwards to `targetUrl`'s host and port. */
  static async start(targetUrl: string): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
    const proxy = new TcpProxy(server, targetUrl, address.port);
    server.on('connection', (client) => proxy.forward(client));
    return proxy;
  }

  /** `targetUrl` with the proxy's host and port instead (scheme, credentials, path and query kept). */
  get url(): string {
    const url = this.target;
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    // new URL() adds a slash to a bare origin: keep the target's own form, so `${proxy.url}/app` works.
    return this.targetUrl.endsWith('/') || url.pathname !== '/' ? url.href : url.href.slice(0, -1);
  }

  get cutOff(): boolean {
    return this.isCut;
  }

  /** An outage: drops every connection through the proxy, and until {@link restore} closes new ones as they come. */
  cut(): void {
    this.isCut = true;
    this.drop();
  }

  restore(): void {
    this.isCut = false;
  }

  /** A blip: drops the open connections; new ones go through. */
  drop(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
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
    const target = this.target;
    const port = Number(target.port || DEFAULT_PORTS[target.protocol] || 0);
    const upstream = createConnection({ host: target.hostname.replace(/^\[(.*)\]$/, '$1'), port });
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
