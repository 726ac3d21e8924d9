import net from 'node:net';
import { Duplex } from 'node:stream';

/**
 * How many writes to sockets `fn` made (until its promise settled), counted on every socket of the process:
 * for tests that check that commands leave for Redis together, with nothing else sending meanwhile.
 */
export const socketWritesDuring = async (fn: () => Promise<unknown>): Promise<number> => {
  let writes = 0;
  const write = Duplex.prototype.write;
  Duplex.prototype.write = function (this: Duplex, ...args: unknown[]) {
    if (this instanceof net.Socket) writes++;
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as Duplex['write'];
  try {
    await fn();
  } finally {
    Duplex.prototype.write = write;
  }
  return writes;
};
