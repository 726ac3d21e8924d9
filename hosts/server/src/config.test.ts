import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { configError } from './test-config.js';

describe('PARLEY_EVENTS', () => {
  it('is the in-process bus when unset, empty or memory', () => {
    expect(loadConfig({}).events).toEqual({ kind: 'memory' });
    expect(loadConfig({ PARLEY_EVENTS: '' }).events).toEqual({ kind: 'memory' });
    expect(loadConfig({ PARLEY_EVENTS: 'memory', PARLEY_EVENTS_PREFIX: 'ignored:' }).events).toEqual({ kind: 'memory' });
  });

  it('takes a redis:// or rediss:// URL, with the prefix parley: unless PARLEY_EVENTS_PREFIX names another', () => {
    expect(loadConfig({ PARLEY_EVENTS: 'redis://127.0.0.1:6379' }).events).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379', prefix: 'parley:' });
    expect(loadConfig({ PARLEY_EVENTS: 'rediss://u:p@cache.internal:6380/2', PARLEY_EVENTS_PREFIX: 'acme-prod:' }).events).toEqual({
      kind: 'redis',
      url: 'rediss://u:p@cache.internal:6380/2',
      prefix: 'acme-prod:',
    });
  });

  it('refuses anything else with a message that names the variable but not the value', () => {
    for (const value of ['kafka://u:sekret@broker', 'redis://', 'redis://u:sekret@host:6379/db0', 'redis', 'Memory']) {
      const e = configError({ PARLEY_EVENTS: value });
      expect(e.variable).toBe('PARLEY_EVENTS');
      expect(e.message).not.toContain('sekret');
    }
    expect(configError({ PARLEY_EVENTS: 'redis://h', PARLEY_EVENTS_PREFIX: 'with space' }).variable).toBe('PARLEY_EVENTS_PREFIX');
    expect(configError({ PARLEY_EVENTS: 'redis://h', PARLEY_EVENTS_PREFIX: 'x'.repeat(101) }).variable).toBe('PARLEY_EVENTS_PREFIX');
  });
});
