import { randomBytes } from 'node:crypto';
import { TOKENS, type Parley, type Storage } from '@parley/core';
import type { HostConfig } from './config.js';
import { createContainer } from './container.js';
import type { Logger } from './logger.js';
import { startServer, type RunningServer } from './server.js';
import { HOST } from './tokens.js';

/**
 * `parley demo`: a running server with a demo account that looks used, for a first look in the browser.
 *
 * The account (an owner) is created in-process, so the demo works whatever `PARLEY_SIGNUP` says; the rest
 * goes through the server's own HTTP API, as a real client would: two agents, two widgets, past chats with
 * messages, an offline request, widget settings (each of them audited). Then one agent stays online (the
 * demo holds their event stream open, as the console does) and simulated visitors keep chatting with them,
 * a new one every `visitorEverySeconds`, so the monitor and the console show life. A chat routed to a real
 * agent signed in to the console is left to them: the simulated visitor still talks, and leaves at the end.
 *
 * It refuses a database that already holds accounts unless `force` is set, so it never mixes demo data
 * into a real installation by mistake.
 */
export interface DemoOptions {
  readonly force: boolean;
  /** Seconds between two simulated visitors (20 by default). */
  readonly visitorEverySeconds?: number;
  /** Seconds between two lines of a simulated conversation (6 by default: a conversation overlaps the next visitor). */
  readonly lineSeconds?: number;
}

export interface SignIn {
  readonly role: string;
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

export interface RunningDemo {
  readonly server: RunningServer;
  /** The address to open in a browser. */
  readonly baseUrl: string;
  readonly signIns: readonly SignIn[];
  readonly widgets: readonly { readonly id: string; readonly name: string }[];
  /** Stops the simulated visitors and the server. */
  close(): Promise<void>;
}

/** The database holds accounts and `--force` was not given. */
export class DemoRefusedError extends Error {}

const password = () => `demo-${randomBytes(9).toString('base64url')}`;
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Past conversations, and the ones simulated visitors have: visitor and agent lines alternate; at the end the
 * visitor rates the chat (`score`, 1 to 5), so the reports have ratings to show.
 */
const CONVERSATIONS: readonly {
  readonly name: string;
  readonly email: string;
  readonly page: string;
  readonly lines: readonly string[];
  readonly score: number;
}[] = [
  {
    name: 'Vera Lindqvist',
    email: 'vera@example.com',
    page: 'https://shop.example/cart',
    lines: [
      'Where is my order? It was due yesterday.',
      'Sorry about that! Could you give me the order number?',
      'It is 10452.',
      'It left our warehouse this morning; you will have it tomorrow.',
      'Great, thanks!',
    ],
    score: 5,
  },
  {
    name: 'Tom Okafor',
    email: 'tom@example.com',
    page: 'https://shop.example/returns',
    lines: ['Can I return shoes I have worn once?', 'Yes, within 30 days, as long as they are clean.', 'Perfect, I will send them back.'],
    score: 4,
  },
  {
    name: 'Mia Rossi',
    email: 'mia@example.com',
    page: 'https://shop.example/products/teapot',
    lines: [
      'Is the blue teapot dishwasher safe?',
      'It is! Up to 60 °C.',
      'And does it come with a strainer?',
      'Yes, a stainless steel one.',
      'Then I will take two.',
    ],
    score: 5,
  },
  {
    name: 'Jonas Weber',
    email: 'jonas@example.com',
    page: 'https://shop.example/checkout',
    lines: [
      'The checkout says my card was declined.',
      'Let me check... the payment provider had a hiccup a minute ago. Could you try again?',
      'It worked this time. Thank you!',
    ],
    score: 3,
  },
];

/** The server's refusal of one of the demo's calls, with the problem's stable code (`chat_closed`, ...). */
class DemoCallError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const codeOf = (text: string): string | undefined => {
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
};

/** Calls the demo server's API; a failure says which call failed and why. */
const api =
  (base: string) =>
  async (method: string, path: string, body?: unknown, token?: string): Promise<Record<string, unknown>> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new DemoCallError(`demo: ${method} ${path} answered ${res.status}: ${text}`, codeOf(text));
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

/** Creates the demo owner's account in-process (refusing a database with accounts unless forced). */
const createDemoAccount = async (config: HostConfig, log: Logger, force: boolean, owner: SignIn): Promise<void> => {
  const container = await createContainer({ ...config, signup: 'open' }, log);
  const storage = await container.getAsync<Storage>(TOKENS.Storage);
  try {
    await (await container.getAsync<() => Promise<void>>(HOST.Migrate))();
    const accounts = await storage.read((r) => r.accounts.listIds());
    if (accounts.length > 0 && !force)
      throw new DemoRefusedError(
        `the database already holds ${accounts.length} account(s); the demo adds its own only to an empty one. ` +
          `Use another database (PARLEY_DATABASE_URL=sqlite:./data/demo.db) or add --force.`,
      );
    const parley = await container.getAsync<Parley>(TOKENS.Parley);
    await parley.accounts.signUp(
      { accountName: 'Teapot & Co (demo)', email: owner.email, name: owner.name, password: owner.password },
      { ip: '127.0.0.1', userAgent: 'parley demo' },
    );
  } finally {
    await storage.close();
  }
};

/** Starts the server with a demo account and simulated visitors. */
export const runDemo = async (config: HostConfig, log: Logger, options: DemoOptions): Promise<RunningDemo> => {
  const owner: SignIn = { role: 'owner', name: 'Olive Owner', email: 'olive@teapot.test', password: password() };
  const ann: SignIn = { role: 'agent', name: 'Ann Agent', email: 'ann@teapot.test', password: password() };
  const ben: SignIn = { role: 'agent (simulated)', name: 'Ben Bot', email: 'ben@teapot.test', password: password() };
  await createDemoAccount(config, log, options.force, owner);

  const server = await startServer(config, log);
  const call = api(server.url);
  const stop = new AbortController();
  const lineMs = (options.lineSeconds ?? 6) * 1000;
  let support: { id: string; name: string };
  let sales: { id: string; name: string };
  try {
    const login = async (who: SignIn) =>
      (await call('POST', '/api/v1/auth/login', { email: who.email, password: who.password })).token as string;
    const ownerToken = await login(owner);
    const userId = async (who: SignIn) =>
      (await call('POST', '/api/v1/users', { email: who.email, name: who.name, role: 'agent', password: who.password }, ownerToken))
        .id as string;
    const [annId, benId] = [await userId(ann), await userId(ben)];
    const widget = async (name: string) => (await call('POST', '/api/v1/widgets', { name }, ownerToken)) as { id: string; name: string };
    support = await widget('Support');
    sales = await widget('Sales');
    const supportId = support.id;
    await call('PUT', `/api/v1/widgets/${supportId}/agents`, { agentIds: [annId, benId] }, ownerToken);
    await call('PUT', `/api/v1/widgets/${sales.id}/agents`, { agentIds: [benId] }, ownerToken);
    await call(
      'PATCH',
      `/api/v1/widgets/${support.id}`,
      { settings: { appearance: { color: '#0f766e', launcherText: 'Questions?' } } },
      ownerToken,
    );

    // Nobody is online yet: a visitor of Sales leaves an offline request.
    await call('POST', `/api/v1/widgets/${sales.id}/chats`, {
      message: 'Do you make teapots for restaurants? We would need about forty.',
      name: 'Sam Chen',
      email: 'sam@example.com',
    });

    // Ben goes online and stays there: the demo holds his event stream open, as the console would, and
    // answers the chats of real visitors (from the widget's demo page) with a pointer to the console.
    const benToken = await login(ben);
    await call('PUT', '/api/v1/agents/me/status', { status: 'online' }, benToken);
    const simulated = new Set<string>();
    const greetRealVisitor = async (chatId: string) => {
      await sleep(1000, stop.signal); // the simulated visitors' starts answer within it and are known by then
      if (stop.signal.aborted || simulated.has(chatId)) return;
      const text =
        'Hi! I am Ben, a simulated agent of the Parley demo. Sign in to the console (/app) as Ann and go online to answer chats yourself.';
      await call('POST', `/api/v1/chats/${chatId}/messages`, { text }, benToken);
    };
    void fetch(`${server.url}/api/v1/agents/me/events?token=${encodeURIComponent(benToken)}`, { signal: stop.signal })
      .then(async (res) => {
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          buffer += r.value;
          const frames = buffer.split('\n\n');
          buffer = frames.pop()!;
          for (const frame of frames) {
            if (!/^event: chat\.assigned$/m.test(frame)) continue;
            const event = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? '{}') as { chatId?: string; data?: { agentId?: string } };
            if (event.chatId && event.data?.agentId === benId)
              greetRealVisitor(event.chatId).catch((err) => log.warn('demo agent failed', { err }));
          }
        }
      })
      .catch(() => {});

    /** One visitor's conversation; Ben answers when the chat is his, and the visitor leaves at the end. */
    const converse = async (c: (typeof CONVERSATIONS)[number], pause: number) => {
      const started = await call('POST', `/api/v1/widgets/${supportId}/chats`, {
        message: c.lines[0],
        name: c.name,
        email: c.email,
        pageUrl: c.page,
      });
      const chat = started.chatId as string;
      simulated.add(chat);
      const visitor = started.visitorToken as string;
      let benHasIt = true;
      for (let i = 1; i < c.lines.length && !stop.signal.aborted; i++) {
        await sleep(pause, stop.signal);
        if (stop.signal.aborted) return;
        if (i % 2 === 0) await call('POST', `/api/v1/chats/${chat}/messages`, { text: c.lines[i] }, visitor);
        else if (benHasIt) {
          await call('POST', `/api/v1/chats/${chat}/typing`, { text: c.lines[i] }, benToken).catch(() => (benHasIt = false));
          if (benHasIt) await call('POST', `/api/v1/chats/${chat}/messages`, { text: c.lines[i] }, benToken);
        }
      }
      if (stop.signal.aborted) return;
      await call('POST', `/api/v1/chats/${chat}/close`, {}, benHasIt ? benToken : visitor);
      // A chat someone answered can be rated; one a person took over from Ben is theirs to be rated for.
      if (benHasIt) await call('POST', `/api/v1/chats/${chat}/survey`, { score: c.score }, visitor);
    };

    // History: the first conversations, told at once.
    for (const c of CONVERSATIONS.slice(0, 3)) await converse(c, 0);

    // Life: a new visitor every so often, each talking at a human pace.
    let next = 0;
    const visit = () => {
      const c = CONVERSATIONS[next++ % CONVERSATIONS.length]!;
      converse(c, lineMs).catch((err) => {
        // Someone in the console ended the chat: the simulated visitor simply leaves.
        if (stop.signal.aborted || (err instanceof DemoCallError && err.code === 'chat_closed')) return;
        log.warn('demo visitor failed', { err });
      });
    };
    visit();
    const timer = setInterval(visit, (options.visitorEverySeconds ?? 20) * 1000);
    stop.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  } catch (err) {
    stop.abort();
    await server.close();
    throw err;
  }

  const port = new URL(server.url).port;
  const everywhere = server.listening.includes('every interface');
  return {
    server,
    // The address the operator gave the server (PARLEY_PUBLIC_URL), as its mails' links say; else this machine's.
    baseUrl: config.integrations.publicUrl?.replace(/\/+$/, '') ?? (everywhere ? `http://localhost:${port}` : server.url),
    signIns: [owner, ann, ben],
    widgets: [support, sales],
    close: async () => {
      stop.abort();
      await server.close();
    },
  };
};

/** What `parley demo` prints: where to go, and with which credentials. */
export const demoInstructions = (demo: RunningDemo): string => {
  const [support, sales] = demo.widgets;
  const b = demo.baseUrl;
  return [
    `Parley demo running at ${b}`,
    '',
    `  Console  ${b}/app        agents' app: sign in as Ann, go online, answer chats`,
    `  Monitor  ${b}/monitor    sign in as Olive (the owner)`,
    `  Widget   ${b}/demo/${support!.id}    chat as a visitor of ${support!.name}`,
    `           ${b}/demo/${sales!.id}    ${sales!.name}`,
    '',
    '  Sign in with',
    ...demo.signIns.map((s) => `    ${s.name.padEnd(12)} ${s.email.padEnd(18)} ${s.password}   ${s.role}`),
    '',
    '  Simulated visitors chat with Ben meanwhile. Ctrl+C stops the demo (its data stays in the database).',
    '',
  ].join('\n');
};
