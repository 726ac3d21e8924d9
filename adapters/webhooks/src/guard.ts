import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { forbiddenAddressReason, parseIp, type OutboundPolicy } from '@parley/core';

/** One address a name resolves to. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to every address it has (the system resolver by default). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** `dns.lookup` with `all: true`: what Node's own HTTP client would have used. */
export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))),
    ),
  );

/** Thrown (to the socket) when a resolved address is not allowed; the message says why. */
export class RefusedAddressError extends Error {
  readonly code = 'EPARLEYREFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'RefusedAddressError';
  }
}

const isLoopback = (ip: string): boolean => {
  const p = parseIp(ip);
  if (!p) return false;
  return p.family === 4 ? p.value >> 24n === 127n : p.value === 1n;
};

export interface GuardOptions extends OutboundPolicy {
  /** Only loopback addresses are acceptable (plain http, which is allowed to loopback only). */
  readonly loopbackOnly?: boolean;
  readonly resolve?: Resolver;
}

/**
 * Why Parley must not connect to `address` under these options, or null. Every address a name resolves
 * to goes through this, at connect time.
 */
export const refusalOf = (address: string, options: GuardOptions): string | null => {
  const reason = forbiddenAddressReason(address, options);
  if (reason) return reason;
  if (options.loopbackOnly && !isLoopback(address)) return `${address} is not a loopback address (plain http goes to loopback only)`;
  return null;
};

/**
 * A `lookup` for `http.request`/`net.connect` that resolves the name and refuses the connection when
 * any of its addresses is private, loopback (unless allowed), link-local, metadata, CGNAT, unique-local,
 * multicast or reserved. Because the check runs on the very addresses the socket then connects to, a
 * name that resolved to a public address when it was saved and to a private one now (DNS rebinding)
 * is refused.
 */
export const guardedLookup = (options: GuardOptions): LookupFunction => {
  const resolve = options.resolve ?? systemResolver;
  return ((hostname: string, lookupOptions: { all?: boolean; family?: number | string }, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }));
        for (const a of addresses) {
          const reason = refusalOf(a.address, options);
          if (reason) return callback(new RefusedAddressError(`refused: ${hostname} resolves to ${reason}`));
        }
        const family = Number(lookupOptions?.family) || 0;
        const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        if (usable.length === 0)
          return callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }));
        if (lookupOptions?.all)
          return callback(
            null,
            usable.map((a) => ({ address: a.address, family: a.family })),
          );
        return callback(null, usable[0]!.address, usable[0]!.family);
      },
      (err: unknown) => callback(err),
    );
  }) as unknown as LookupFunction;
};
