import { createParley, defaultCoreConfig, type Clock, type CoreConfig, type CoreDeps, type Parley } from '@parley/core';
import { MemoryEventBus } from '@parley/events-memory';
import { AesGcmSecretBox, Argon2Hasher, NodeTokenCrypto, SystemClock, Uuid7Ids } from '@parley/node-crypto';
import { randomBytes } from 'node:crypto';
import { createMemoryStorage } from '@parley/storage-memory';
import { createHttpApp, type HttpAppOptions } from '../app.js';

/** A Parley app over in-memory storage with cheap argon2 parameters, for `app.request` tests. */
export const testApp = (
  config: Partial<CoreConfig> = {},
  http: Partial<HttpAppOptions> = {},
  deps: { clock?: Clock } & Partial<Pick<CoreDeps, 'commonPasswords'>> = {},
) => {
  const storage = createMemoryStorage();
  const clock = deps.clock ?? new SystemClock();
  const coreDeps: CoreDeps = {
    storage,
    events: new MemoryEventBus(),
    clock,
    ids: new Uuid7Ids({ clock }),
    hasher: new Argon2Hasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }),
    crypto: new NodeTokenCrypto(),
    secretBox: new AesGcmSecretBox(randomBytes(32)),
    config: { ...defaultCoreConfig, signup: 'open', ...config },
    ...(deps.commonPasswords ? { commonPasswords: deps.commonPasswords } : {}),
  };
  const parley: Parley = createParley(coreDeps);
  const errors: unknown[] = [];
  const app = createHttpApp({ parley, ready: () => storage.ping(), onError: (e) => errors.push(e), ...http });

  /** JSON request helper: `call('POST', '/api/v1/widgets', {name}, token)`. */
  const call = async (method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, json, text };
  };

  let n = 0;
  /** Signs up a fresh account and logs its owner in. */
  const owner = async () => {
    const email = `owner${++n}-${Math.random().toString(36).slice(2)}@example.com`;
    const password = 'correct horse battery staple';
    const signup = await call('POST', '/api/v1/accounts', { accountName: 'Acme', email, name: 'Olive Owner', password });
    if (signup.status !== 201) throw new Error(`signup failed: ${signup.text}`);
    const login = await call('POST', '/api/v1/auth/login', { email, password });
    return { token: login.json.token as string, user: login.json.user, account: signup.json.account, email, password };
  };

  /** Adds a user with a role to the owner's account and logs them in. */
  const member = async (ownerToken: string, role: 'admin' | 'supervisor' | 'agent') => {
    const email = `${role}${++n}-${Math.random().toString(36).slice(2)}@example.com`;
    const password = 'another long passphrase';
    const created = await call('POST', '/api/v1/users', { email, name: `Pat ${role}`, role, password }, ownerToken);
    if (created.status !== 201) throw new Error(`create user failed: ${created.text}`);
    const login = await call('POST', '/api/v1/auth/login', { email, password });
    return { token: login.json.token as string, user: created.json, email, password };
  };

  /** A fresh account's owner, and an online agent who serves its new widget "Support": a visitor's chat goes to the agent. */
  const servedWidget = async () => {
    const o = await owner();
    const agent = await member(o.token, 'agent');
    const widget = (await call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
    await call('PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: [agent.user.id] }, o.token);
    await call('PUT', '/api/v1/agents/me/status', { status: 'online' }, agent.token);
    return { o, agent, widget };
  };

  return { app, parley, deps: coreDeps, storage, call, owner, member, servedWidget, errors };
};
