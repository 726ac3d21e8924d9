import { describe, expect, it } from 'vitest';
import { DependencyWatch } from './dependency-watch.js';
import type { Logger } from './logger.js';

const recording = () => {
  const lines: string[] = [];
  const at = (level: string) => (msg: string) => void lines.push(`${level} ${msg}`);
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
};

describe('DependencyWatch', () => {
  it('logs once when probes start failing and once when one passes again, however many probes run', async () => {
    const { log, lines } = recording();
    const database = new DependencyWatch('database', log);
    let up = true;
    const ping = async () => {
      if (!up) throw new Error('connect ECONNREFUSED');
    };
    await database.probe(ping);
    up = false;
    for (let i = 0; i < 3; i += 1) await expect(database.probe(ping)).rejects.toThrow('ECONNREFUSED');
    expect(database.reachable).toBe(false);
    up = true;
    await database.probe(ping);
    await database.probe(ping);
    expect(lines).toEqual(['error database: unreachable', 'info database: reachable again']);
    expect(database.reachable).toBe(true);
  });
});
