import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { chatSchemas } from '../chat/chat-validation.js';
import { consoleSchemas } from '../console/console-validation.js';
import { type ErrorDetail, isParleyError } from '../errors.js';
import { monitorSchemas } from '../monitor/monitor-validation.js';
import { apiTokenSchemas } from '../services/compatible-api-service.js';
import { parseInput, schemas } from '../validation.js';
import { INPUT_LIMITS as L, VISITOR_KEY } from './limits.js';

/** The details of the `validation_failed` that parsing `input` gives; none when it parses. */
const problems = (schema: z.ZodType, input: unknown): readonly ErrorDetail[] => {
  try {
    parseInput(schema, input);
    return [];
  } catch (e) {
    if (!isParleyError(e)) throw e;
    return e.details ?? [];
  }
};

const rule = (fields: Record<string, unknown>) => ({ settings: { proactiveRules: [{ id: 'r1', message: 'Hi', ...fields }] } });

/** A language tag of exactly `n` characters (n >= 2): `en-aaaaaaaa-…`. */
const languageTag = (n: number): string => {
  let tag = 'en';
  while (tag.length < n) tag += `-${'a'.repeat(Math.min(8, n - tag.length - 1))}`;
  return tag;
};

/** An e-mail address of exactly `n` characters (n >= 80): a 64-character local part, labels of at most 63. */
const emailOf = (n: number): string => {
  const labels: string[] = [];
  let left = n - 65 - 4; // local part and @, then `.com`
  while (left > 0) {
    const size = Math.min(63, left - (labels.length > 0 ? 1 : 0));
    labels.push('d'.repeat(size));
    left -= size + (labels.length > 1 ? 1 : 0);
  }
  return `${'a'.repeat(64)}@${labels.join('.')}.com`;
};

const text = (n: number) => 'a'.repeat(n);

/** A web address of exactly `n` characters (n >= 22). */
const urlOf = (n: number): string => `https://shop.example/${'a'.repeat(n - 21)}`;

// What a screen's field is held to must be what the API refuses past it: each length and range is checked
// at the limit (accepted) and one past it (refused at that field), through the API's own schemas.
describe('input limits', () => {
  it.each<[string, z.ZodType, number, (v: string) => unknown, string, ((n: number) => string)?]>([
    ['account name', schemas.accountPatch, L.name, (v) => ({ name: v }), '/name'],
    ['user name', schemas.userPatch, L.name, (v) => ({ name: v }), '/name'],
    ['widget name', schemas.widgetCreate, L.name, (v) => ({ name: v }), '/name'],
    ['share-link label', monitorSchemas.shareLinkCreate, L.name, (v) => ({ label: v }), '/label'],
    ['API token label', apiTokenSchemas.create, L.name, (v) => ({ label: v }), '/label'],
    ['canned title', consoleSchemas.cannedCreate, L.name, (v) => ({ shortcut: 'x', title: v, text: 't' }), '/title'],
    ['visitor name', chatSchemas.chatStart, L.name, (v) => ({ name: v, message: 'Hi' }), '/name'],
    ['label name', consoleSchemas.labelCreate, L.labelName, (v) => ({ name: v, color: '#000000' }), '/name'],
    ['canned text', consoleSchemas.cannedCreate, L.cannedText, (v) => ({ shortcut: 'x', title: 't', text: v }), '/text'],
    ['message', chatSchemas.message, L.message, (v) => ({ text: v }), '/text'],
    ['offline request or first message', chatSchemas.chatStart, L.message, (v) => ({ message: v }), '/message'],
    ['survey comment', chatSchemas.survey, L.surveyComment, (v) => ({ score: 5, comment: v }), '/comment'],
    ['away reason', chatSchemas.agentStatus, L.statusReason, (v) => ({ status: 'paused', reason: v }), '/reason'],
    ['greeting', schemas.widgetPatch, L.greeting, (v) => ({ settings: { greeting: v } }), '/settings/greeting'],
    [
      'chat button text',
      schemas.widgetPatch,
      L.launcherText,
      (v) => ({ settings: { appearance: { launcherText: v } } }),
      '/settings/appearance/launcherText',
    ],
    ['invitation', schemas.widgetPatch, L.invitation, (v) => rule({ message: v }), '/settings/proactiveRules/0/message'],
    ['widget language', schemas.widgetPatch, L.language, (v) => ({ settings: { language: v } }), '/settings/language', languageTag],
    ['visitor language', chatSchemas.chatStart, L.language, (v) => ({ message: 'Hi', language: v }), '/language', languageTag],
    ['user e-mail', schemas.userPatch, L.email, (v) => ({ email: v }), '/email', emailOf],
    ['page a visitor opens', chatSchemas.page, L.pageUrl, (v) => ({ url: v }), '/url', urlOf],
    ['page a chat starts on', chatSchemas.chatStart, L.pageUrl, (v) => ({ message: 'Hi', pageUrl: v }), '/pageUrl', urlOf],
  ])('%s: as long as its limit is accepted, one character more is refused', (_what, schema, limit, input, path, make = text) => {
    expect(make(limit)).toHaveLength(limit);
    expect(make(limit + 1)).toHaveLength(limit + 1);
    expect(problems(schema, input(make(limit)))).toEqual([]);
    expect(problems(schema, input(make(limit + 1)))).toMatchObject([{ path, code: 'too_big' }]);
  });

  it.each<[string, z.ZodType, { min: number; max: number }, (v: number) => unknown, string]>([
    [
      'invitation delay',
      schemas.widgetPatch,
      L.invitationDelaySeconds,
      (v) => rule({ delaySeconds: v }),
      '/settings/proactiveRules/0/delaySeconds',
    ],
    [
      'invitation pages viewed',
      schemas.widgetPatch,
      L.invitationPagesViewed,
      (v) => rule({ minPagesViewed: v }),
      '/settings/proactiveRules/0/minPagesViewed',
    ],
    [
      'widget chats per agent',
      schemas.widgetPatch,
      L.maxConcurrentChats,
      (v) => ({ settings: { maxConcurrentChats: v } }),
      '/settings/maxConcurrentChats',
    ],
    ['user chats at once', schemas.userPatch, L.maxConcurrentChats, (v) => ({ maxConcurrentChats: v }), '/maxConcurrentChats'],
    ['queue size', schemas.widgetPatch, L.maxQueueSize, (v) => ({ settings: { maxQueueSize: v } }), '/settings/maxQueueSize'],
    [
      'quiet minutes before a chat closes',
      schemas.widgetPatch,
      L.closeInactiveAfterMinutes,
      (v) => ({ settings: { closeInactiveAfterMinutes: v } }),
      '/settings/closeInactiveAfterMinutes',
    ],
    [
      'audit retention days',
      schemas.accountPatch,
      L.auditRetentionDays,
      (v) => ({ settings: { auditRetentionDays: v } }),
      '/settings/auditRetentionDays',
    ],
  ])('%s: the range is accepted, one below or above is refused', (_what, schema, { min, max }, input, path) => {
    expect(problems(schema, input(min))).toEqual([]);
    expect(problems(schema, input(max))).toEqual([]);
    expect(problems(schema, input(min - 1))).toMatchObject([{ path, code: 'too_small' }]);
    expect(problems(schema, input(max + 1))).toMatchObject([{ path, code: 'too_big' }]);
  });

  it('takes a visitor key of as many URL-safe characters as its range allows, and refuses one shorter or longer', () => {
    const { min, max } = L.visitorKey;
    for (const n of [min, max]) {
      expect(VISITOR_KEY.test('k'.repeat(n))).toBe(true);
      expect(problems(chatSchemas.chatStart, { message: 'Hi', visitorKey: 'k'.repeat(n) })).toEqual([]);
    }
    for (const n of [min - 1, max + 1]) {
      expect(VISITOR_KEY.test('k'.repeat(n))).toBe(false);
      expect(problems(chatSchemas.chatStart, { message: 'Hi', visitorKey: 'k'.repeat(n) })).toMatchObject([{ path: '/visitorKey' }]);
    }
  });

  it('holds a widget to its number of proactive rules', () => {
    const rules = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, message: 'Hi' }));
    expect(problems(schemas.widgetPatch, { settings: { proactiveRules: rules(L.proactiveRules) } })).toEqual([]);
    expect(problems(schemas.widgetPatch, { settings: { proactiveRules: rules(L.proactiveRules + 1) } })).toMatchObject([
      { path: '/settings/proactiveRules', code: 'too_big' },
    ]);
  });
});
