// Agent console opening (issue #14: "opens with 50 active chats and 10,000 history entries in under 1 s"),
// against the built host (hosts/server/dist/main.js) on SQLite, in Debian's chromium (playwright-core):
// one agent has 50 open chats of ~20 messages each (started and written through the API), and the account
// 10,000 closed chats (written straight into storage, each with its question and a closing event). Each run
// opens /app in a fresh page of a signed-in context and times, from navigation:
// - inbox: all 50 chats listed and the first chat's transcript shown;
// - history: after that, the History view's first page rendered;
// and prints p50/max of both and of their sum, with the machine's load average (the machine may be shared).
// Env: PARLEY_BENCH_CONSOLE_RUNS (5), PARLEY_BENCH_CONSOLE_HISTORY (10000). Run `npm run build` first.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { EMPTY_GEO } from '@parley/core';
import { createSqlStorage } from '@parley/storage-sql';
import { fmt, HOST_MAIN, jsonClient, line, seededVisitor, startHost, stats, stop } from './lib.mjs';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = Number(process.env.PARLEY_BENCH_CONSOLE_RUNS ?? 5);
const HISTORY = Number(process.env.PARLEY_BENCH_CONSOLE_HISTORY ?? 10_000);
const ACTIVE = 50;
const MESSAGES = 20;
const PASSWORD = 'correct horse battery staple';

if (!existsSync(HOST_MAIN) || !existsSync(CHROMIUM)) {
  console.error(`console.bench: needs the built host (npm run build) and ${CHROMIUM}`);
  process.exit(1);
}

const { request, destroy: closeClient } = jsonClient(16);
const load = () =>
  loadavg()
    .map((n) => fmt(n, 2))
    .join(' / ');

/** 10,000 closed chats of the agent's widget, straight into storage (one transaction per 1,000). */
const seedHistory = async (url, accountId, widgetId, agentId) => {
  const storage = await createSqlStorage({ url });
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  try {
    for (let start = 0; start < HISTORY; start += 1000) {
      await storage.transaction(async (tx) => {
        for (let i = start; i < Math.min(HISTORY, start + 1000); i++) {
          const at = (ms) => new Date(t0 + i * 60_000 + ms).toISOString();
          const id = randomUUID();
          const chat = {
            id,
            accountId,
            widgetId,
            kind: 'chat',
            status: 'closed',
            agentId,
            visitor: seededVisitor(`Past visitor ${i}`, `past${i}@example.org`, EMPTY_GEO),
            question: `Question number ${i}`,
            proactive: false,
            visitorTokenHash: randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, ''),
            createdAt: at(0),
            queuedAt: at(0),
            assignedAt: at(1000),
            firstAgentReplyAt: null,
            closedAt: at(30_000),
            closedBy: 'agent',
            closedByUserId: agentId,
            transfers: [],
            labels: [],
            survey: null,
            handledAt: null,
            handledBy: null,
            lastSeq: 2,
            updatedAt: at(30_000),
            version: 1,
          };
          await tx.chats.insert(chat);
          const event = (seq, type, text, ms) => ({
            id: randomUUID(),
            accountId,
            chatId: id,
            seq,
            type,
            at: at(ms),
            author: text ? { kind: 'visitor', userId: null, alias: 'Visitor' } : null,
            text,
            data: {},
          });
          await tx.chatEvents.appendMany([event(1, 'chat.message', chat.question, 0), event(2, 'chat.closed', null, 30_000)]);
        }
      });
    }
  } finally {
    await storage.close();
  }
};

const dir = mkdtempSync(join(tmpdir(), 'parley-console-bench-'));
const url = `sqlite:${join(dir, 'console.db')}`;
const { child, base } = await startHost({ PARLEY_DATABASE_URL: url });
let browser;
try {
  const t = Date.now();
  const tag = randomUUID().slice(0, 8);
  const ownerEmail = `owner-${tag}@bench.test`;
  const agentEmail = `agent-${tag}@bench.test`;
  const created = (
    await request(base, 'POST', '/api/v1/accounts', { accountName: 'Bench', email: ownerEmail, name: 'Owner', password: PASSWORD })
  ).body;
  const owner = (await request(base, 'POST', '/api/v1/auth/login', { email: ownerEmail, password: PASSWORD })).body.token;
  const agent = (
    await request(base, 'POST', '/api/v1/users', { email: agentEmail, name: 'Ann Agent', role: 'agent', password: PASSWORD }, owner)
  ).body;
  const widget = (await request(base, 'POST', '/api/v1/widgets', { name: 'Bench' }, owner)).body;
  await request(base, 'PATCH', `/api/v1/widgets/${widget.id}`, { settings: { maxConcurrentChats: ACTIVE } }, owner);
  await request(base, 'PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: [agent.id] }, owner);
  const agentToken = (await request(base, 'POST', '/api/v1/auth/login', { email: agentEmail, password: PASSWORD })).body.token;
  await request(base, 'PUT', '/api/v1/agents/me/status', { status: 'online' }, agentToken);
  const accountId = created.account?.id ?? agent.accountId;
  await seedHistory(url, accountId, widget.id, agent.id);
  line('seeded history (storage)', `${HISTORY.toLocaleString()} closed chats in ${fmt((Date.now() - t) / 1000, 1)} s`);
  const t1 = Date.now();
  await Promise.all(
    Array.from({ length: ACTIVE }, async (_, i) => {
      const started = (
        await request(base, 'POST', `/api/v1/widgets/${widget.id}/chats`, {
          name: `Visitor ${i}`,
          email: `v${i}@example.org`,
          message: `Hello from visitor ${i}`,
        })
      ).body;
      if (started.status !== 'active') throw new Error(`chat ${i} is ${started.status}`);
      for (let m = 1; m < MESSAGES; m++) {
        const from = m % 2 ? started.visitorToken : agentToken;
        await request(base, 'POST', `/api/v1/chats/${started.chatId}/messages`, { text: `Message ${m} of chat ${i}` }, from);
      }
    }),
  );
  line('seeded open chats (API)', `${ACTIVE} × ${MESSAGES} messages in ${fmt((Date.now() - t1) / 1000, 1)} s`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    headless: true,
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const signIn = await context.newPage();
  await signIn.goto(`${base}/app`);
  await signIn.fill('#email', agentEmail);
  await signIn.fill('#password', PASSWORD);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await signIn.locator('.conn[data-state=live]').waitFor({ timeout: 30_000 });
  await signIn.close();

  const inbox = [];
  const history = [];
  const total = [];
  for (let run = 0; run < RUNS + 1; run++) {
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${base}/app`, { waitUntil: 'commit' });
    // Times in the page, from the navigation's start (performance.timeOrigin).
    await page.waitForFunction(
      (n) => document.querySelectorAll('.chat-list button').length >= n && document.querySelector('.transcript .msg-visitor') !== null,
      ACTIVE,
      { polling: 'raf' },
    );
    const opened = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'History' }).click();
    const clicked = await page.evaluate(() => performance.now());
    await page.waitForFunction(() => document.querySelectorAll('.history-list tbody tr').length >= 50, undefined, { polling: 'raf' });
    const listed = await page.evaluate(() => performance.now());
    await page.close();
    if (run === 0) continue; // the first run warms the host's and the browser's caches
    inbox.push(opened);
    history.push(listed - clicked);
    total.push(opened + (listed - clicked));
  }
  const show = (label, ms) => {
    const s = stats(ms);
    line(label, `p50 ${fmt(s.p50, 0)} ms   max ${fmt(s.max, 0)} ms   (${s.n} runs)`);
  };
  show('inbox: 50 chats listed + first transcript', inbox);
  show('history: first page after clicking History', history);
  show('both (target < 1000 ms)', total);
  line('load average (1 / 5 / 15 min)', `${load()} on ${(await import('node:os')).cpus().length} cores`);
} finally {
  await browser?.close();
  closeClient();
  await stop(child);
  rmSync(dir, { recursive: true, force: true });
}
