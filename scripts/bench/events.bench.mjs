// The Redis event bus (several hosts, issue #18), on the built package (run `npm run build` first) against the
// Redis of PARLEY_BENCH_REDIS_URL or PARLEY_TEST_REDIS_URL (none: skipped). Publishes PARLEY_BENCH_EVENTS
// (20,000) chat-message-sized events on four topics, 50 in flight, while a second instance on the same
// prefix subscribes to one of the topics, and prints the publishing process's CPU per event, the wall time
// per event, and whether the subscriber got every event, in order. An event is one command to Redis (a
// script that PUBLISHes it on each channel): 36–38 µs of CPU and 34–36 µs of wall time per event here,
// where a MULTI of one PUBLISH per channel (the bus before) took 90–92 and 72–75 (two runs each, 2 cores).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, line, ROOT } from './lib.mjs';

const url = process.env.PARLEY_BENCH_REDIS_URL ?? process.env.PARLEY_TEST_REDIS_URL ?? null;
const N = Number(process.env.PARLEY_BENCH_EVENTS ?? 20_000);
if (!existsSync(join(ROOT, 'adapters/events-redis/dist/index.js'))) {
  console.error('events.bench: build first (npm run build)');
  process.exit(1);
}
if (!url) {
  line('Redis event bus', 'skipped (set PARLEY_BENCH_REDIS_URL or PARLEY_TEST_REDIS_URL)');
  process.exit(0);
}
const { createRedisEventBus } = await import('@parley/events-redis');
const prefix = `parley-bench-${randomBytes(4).toString('hex')}:`;
const publisher = await createRedisEventBus({ url, prefix, connectionName: 'parley-bench' });
const subscriber = await createRedisEventBus({ url, prefix, connectionName: 'parley-bench' });
try {
  const got = [];
  subscriber.subscribe('chat:c1', (e) => got.push(e.data.seq));
  await subscriber.flush();
  const event = (seq) => ({
    type: 'chat.message',
    accountId: '01a2436b-555b-7672-902f-0ac2eb672ad7',
    topics: ['account:a1', 'widget:w1', 'chat:c1', 'agent:u1'],
    at: new Date().toISOString(),
    data: { seq, chatId: 'c1', text: 'Hello, I have a question about my last invoice.', author: { kind: 'visitor', alias: 'Visitor' } },
  });
  for (let i = 0; i < 200; i++) await publisher.publish(event(-1)); // warm-up
  await subscriber.flush();
  got.length = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const inflight = [];
  for (let i = 0; i < N; i++) {
    inflight.push(publisher.publish(event(i)));
    if (inflight.length >= 50) await Promise.all(inflight.splice(0));
  }
  await Promise.all(inflight);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await subscriber.flush();
  const inOrder = got.length === N && got.every((s, i) => s === i);
  console.log(`Redis event bus: ${N} events on 4 topics, 50 in flight (this process also runs the subscriber)`);
  line('publish: CPU µs per event (this process)', fmt((cpu.user + cpu.system) / N, 1));
  line('publish: wall µs per event / events per s', `${fmt((wall * 1000) / N, 1)} / ${fmt(N / (wall / 1000), 0)}`);
  line('subscriber got every event, in order', inOrder ? 'yes' : `no (${got.length} of ${N})`);
} finally {
  await publisher.close();
  await subscriber.close();
}
