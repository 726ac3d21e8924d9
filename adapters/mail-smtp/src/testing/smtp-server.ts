/**
 * A real SMTP server (`smtp-server`) on 127.0.0.1 in the test process, keeping every mail it accepted,
 * parsed by `mailparser`. A test can make it refuse mails with a reply code, or stop it and start it
 * again on the same port.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly envelopeTo: readonly string[];
  readonly parsed: ParsedMail;
}

export interface TestSmtpServer {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>` (loopback: STARTTLS not required). */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Answers every further mail with this SMTP reply code (`550`, `451`), or accepts again with null. */
  refuseWith(code: number | null): void;
  /** Closes the port (connections are refused) until {@link start}. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Resolves once `count` mails in all have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
}

export const startTestSmtpServer = async (): Promise<TestSmtpServer> => {
  const received: ReceivedMail[] = [];
  let refusal: number | null = null;
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (refusal !== null) {
            const err = Object.assign(new Error(refusal >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: refusal });
            callback(err);
            return;
          }
          void simpleParser(Buffer.concat(chunks)).then((parsed) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed });
            callback();
          }, callback);
        });
      },
    });
  let server = make();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
    });
  const port = await listen(0);
  let running = true;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseWith: (code) => void (refusal = code),
    stop: () =>
      new Promise<void>((resolve) => {
        if (!running) return resolve();
        running = false;
        server.close(() => resolve());
      }),
    start: async () => {
      if (running) return;
      server = make();
      await listen(port);
      running = true;
    },
    waitFor: async (count, timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} mails, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received.slice(0, count);
    },
  };
};
