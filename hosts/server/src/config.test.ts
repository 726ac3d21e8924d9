import { describe, expect, it } from 'vitest';
import { ticketLink } from '@parley/core';
import { DEFAULT_LIMITS } from '@parley/http-hono';
import { loadConfig, publicUrlNotice } from './config.js';
import { configError } from '../test/config-error.js';

describe('PARLEY_EVENTS', () => {
  it('is the in-process bus when unset, empty or memory', () => {
    expect(loadConfig({}).events).toEqual({ kind: 'memory' });
    expect(loadConfig({ PARLEY_EVENTS: '' }).events).toEqual({ kind: 'memory' });
    expect(loadConfig({ PARLEY_EVENTS: 'memory', PARLEY_EVENTS_PREFIX: 'ignored:' }).events).toEqual({ kind: 'memory' });
  });

  it('takes a redis:// or rediss:// URL, with the prefix parley: unless PARLEY_EVENTS_PREFIX names another', () => {
    expect(loadConfig({ PARLEY_EVENTS: 'redis://127.0.0.1:6379' }).events).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
      prefix: 'parley:',
    });
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

describe('abuse limits', () => {
  it('has the HTTP adapter’s defaults when nothing is set', () => {
    expect(loadConfig({}).limits).toEqual(DEFAULT_LIMITS);
  });

  it('reads <requests>/<seconds> with an optional +<burst>, the stream count and the login limit', () => {
    const { limits } = loadConfig({
      PARLEY_LIMIT_CHAT_STARTS: '5/30+10',
      PARLEY_LIMIT_CHAT_WRITES: '100/60',
      PARLEY_LIMIT_CHAT_WRITES_PER_CHAT: ' 50/10+0 ',
      PARLEY_LIMIT_WIDGET_READS: '1/1',
      PARLEY_LIMIT_VISITOR_STREAMS: '2',
      PARLEY_LIMIT_PUBLIC_MONITOR: '30/60',
      PARLEY_LIMIT_COMPATIBLE_API: '20/60',
      PARLEY_LOGIN_MAX_FAILURES: '7',
      PARLEY_LOGIN_FAILURE_WINDOW_SECONDS: '120',
    });
    expect(limits).toEqual({
      chatStart: { points: 5, durationSeconds: 30, burst: 10 },
      chatWritesPerAddress: { points: 100, durationSeconds: 60 },
      chatWritesPerChat: { points: 50, durationSeconds: 10 },
      widgetReads: { points: 1, durationSeconds: 1 },
      visitorStreams: 2,
      publicMonitor: { points: 30, durationSeconds: 60 },
      loginFailures: { points: 7, durationSeconds: 120 },
      passwordResets: DEFAULT_LIMITS.passwordResets,
      passwordResetsPerEmail: DEFAULT_LIMITS.passwordResetsPerEmail,
      transcriptMails: DEFAULT_LIMITS.transcriptMails,
      transcriptMailsPerChat: DEFAULT_LIMITS.transcriptMailsPerChat,
      compatibleApi: { points: 20, durationSeconds: 60 },
    });
  });

  it('refuses malformed or senseless limits, naming the variable', () => {
    for (const value of ['10', '10/min', '0/60', '10/0', '10/86401', '-1/60', '10/60+', '10/60+x', 'ten/60'])
      expect(configError({ PARLEY_LIMIT_CHAT_STARTS: value }).variable).toBe('PARLEY_LIMIT_CHAT_STARTS');
    expect(configError({ PARLEY_LIMIT_VISITOR_STREAMS: '0' }).variable).toBe('PARLEY_LIMIT_VISITOR_STREAMS');
  });
});

describe('the public URL of the links in mails', () => {
  it('follows the port the server listens on when PARLEY_PUBLIC_URL is unset', () => {
    expect(loadConfig({ PORT: '3941' }).defaultPublicUrl).toBe('http://localhost:3941');
    expect(loadConfig({}).defaultPublicUrl).toBe('http://localhost:3000');
  });

  it('says once at start which URL mails use: a warning for the default, naming PARLEY_PUBLIC_URL', () => {
    expect(publicUrlNotice(loadConfig({ PORT: '3941' }))).toEqual({
      level: 'warn',
      message:
        'mails link to http://localhost:3941, the default for this port: set PARLEY_PUBLIC_URL to the address users reach this server at',
    });
    expect(publicUrlNotice(loadConfig({ PORT: '3941', PARLEY_PUBLIC_URL: 'https://chat.example.com' }))).toEqual({
      level: 'info',
      message: 'mails link to https://chat.example.com (PARLEY_PUBLIC_URL)',
    });
  });

  it('makes the invitation and reset links of a host on port 3941 point to that port', () => {
    const integrations = { publicUrl: null, defaultPublicUrl: loadConfig({ PORT: '3941' }).defaultPublicUrl };
    expect(ticketLink(integrations, 'invite', 't0k')).toBe('http://localhost:3941/app/invite?token=t0k');
    expect(ticketLink({ ...integrations, publicUrl: 'https://chat.example.com/' }, 'reset', 't0k')).toBe(
      'https://chat.example.com/app/reset?token=t0k',
    );
  });
});
