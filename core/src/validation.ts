import { z } from 'zod';
import { ParleyError, validationFailed, type ErrorDetail } from './errors.js';
import { toPointer } from './audit/json-pointer.js';
import { PASSWORD_MAX_LENGTH } from './policies/password.js';
import { SECURITY_LIMITS as L } from './model/security.js';
import { parseIpRule } from './policies/ip-rules.js';
import { findIllFormedText, normaliseMessage, normaliseName } from './text-input.js';
import { MAX_ALLOWED_ORIGINS, normaliseOrigin } from './policies/embed-origin.js';
import { canonicalTimeZone, NOT_A_TIME_ZONE } from './chat/business-hours.js';
import { MAX_PROACTIVE_RULES } from './model/widget.js';
import { INPUT_LIMITS } from './model/limits.js';

const count = (n: number, one: string, many: string) => (n === 1 ? `one ${one}` : `${n} ${many}`);
const KINDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};
const FORMATS: Readonly<Record<string, string>> = {
  url: 'Must be a URL.',
  email: 'Must be an e-mail address.',
  uuid: 'Must be a UUID.',
  datetime: 'Must be a date and time (ISO 8601, e.g. 2026-12-07T09:30:00Z).',
  date: 'Must be a date (YYYY-MM-DD).',
};

/**
 * What a form shows beside a field, in a sentence, for the checks a schema does not word itself (zod's own
 * read "Too small: expected string to have >=1 characters"); a message the schema gives wins. Undefined leaves
 * zod's.
 */
const plainMessage = (iss: z.core.$ZodRawIssue): string | undefined => {
  switch (iss.code) {
    case 'too_small':
    case 'too_big': {
      const small = iss.code === 'too_small';
      const n = Number(small ? iss.minimum : iss.maximum);
      const bound = small ? (iss.inclusive === false ? 'more than' : 'at least') : iss.inclusive === false ? 'less than' : 'at most';
      if (iss.origin === 'string')
        return small && n === 1 && iss.inclusive !== false
          ? 'Must not be empty.'
          : `Must have ${bound} ${count(n, 'character', 'characters')}.`;
      if (iss.origin === 'array' || iss.origin === 'set')
        return small && n === 1 && iss.inclusive !== false ? 'Must not be empty.' : `Must hold ${bound} ${count(n, 'item', 'items')}.`;
      if (iss.origin === 'number' || iss.origin === 'int' || iss.origin === 'bigint') return `Must be ${bound} ${n}.`;
      return undefined;
    }
    case 'invalid_type': {
      if (iss.input === undefined) return 'Required.';
      const kind = KINDS[iss.expected];
      return kind ? `Must be ${kind}.` : undefined;
    }
    case 'invalid_value':
      return iss.values.length === 1
        ? `Must be ${JSON.stringify(iss.values[0])}.`
        : `Must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'invalid_format':
      return FORMATS[iss.format] ?? (iss.format === 'regex' ? 'Not in the expected form.' : undefined);
    case 'unrecognized_keys':
      return `Not a field here: ${iss.keys.join(', ')}. Leave ${iss.keys.length === 1 ? 'it' : 'them'} out.`;
    default:
      return undefined;
  }
};

/**
 * Parses untrusted input with a schema; every problem becomes one `validation_failed` detail with a
 * JSON Pointer to the field, so a form can mark all of them at once. Every input goes through here, so
 * this is where text that is not well-formed UTF-16 (a lone surrogate, in a value or a property name) is
 * refused, whatever the schema: no schema has to remember it.
 */
/**
 * As {@link parseInput}, but a refusal comes back as its problems instead of thrown, for a caller that adds its own
 * checks' problems and refuses them all in one answer.
 */
export const parseCollecting = <S extends z.ZodType>(
  schema: S,
  input: unknown,
): { readonly data: z.output<S>; readonly problems: ErrorDetail[] } | { readonly data: null; readonly problems: ErrorDetail[] } => {
  try {
    return { data: parseInput(schema, input), problems: [] };
  } catch (e) {
    if (e instanceof ParleyError && e.code === 'validation_failed') return { data: null, problems: [...e.details] };
    throw e;
  }
};

export const parseInput = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> => {
  const illFormed = findIllFormedText(input);
  if (illFormed.length > 0)
    throw validationFailed(
      illFormed.map((t) => ({
        path: t.path,
        code: 'ill_formed_unicode',
        message: t.inName
          ? 'The property name is not well-formed Unicode (it holds a lone surrogate).'
          : 'Not well-formed Unicode: it holds a lone surrogate (\\uD800–\\uDFFF without its pair).',
      })),
    );
  // Parsed without the error map first: zod's fast path does not run when parse parameters are given (five
  // times slower per message); a refusal, which is rare and parses the same way, is parsed again for its words.
  const ok = schema.safeParse(input);
  if (ok.success) return ok.data;
  const r = schema.safeParse(input, { error: plainMessage });
  if (r.success) return r.data;
  throw validationFailed(
    r.error.issues.map((i) => ({
      path: toPointer(i.path.map(String)),
      code: i.code,
      message: i.message,
    })),
  );
};

const email = z
  .string()
  .trim()
  .max(INPUT_LIMITS.email)
  .pipe(z.email({ message: 'Must be an email address.' }))
  .transform((s) => s.toLowerCase());

const NAME_RULES =
  'Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that.';

/**
 * A name people see (account, user, widget, share-link label): normalised by {@link normaliseName} (NFC,
 * one line, no control or bidi characters, invisible characters trimmed), then at least one character.
 */
const name = (max: number = INPUT_LIMITS.name) =>
  z.string().overwrite(normaliseName).min(1, { message: 'Must contain a visible character.' }).max(max).describe(NAME_RULES);
/** A name that may be left empty (the visitor's): normalised like {@link name}; empty means none. */
const optionalName = (max: number = INPUT_LIMITS.name) =>
  z.string().overwrite(normaliseName).max(max).describe(`${NAME_RULES} Empty (or nothing visible) means none.`);
/** Free text that may span lines (messages, greetings): normalised by {@link normaliseMessage}. */
const multilineText = (max: number) =>
  z
    .string()
    .overwrite(normaliseMessage)
    .max(max)
    .describe('Line breaks are kept (CR LF becomes LF); other control characters but tabs are removed; the ends are trimmed.');
const displayName = name();
/** A mailed link's token (a reset or an invitation), as the link carries it. */
const linkToken = z.strictObject({ token: z.string().min(1).max(200) });
/** A BCP 47 language tag (`en`, `de`, `pt-BR`): the widget's language, or the visitor's page's or browser's. */
const languageTag = z
  .string()
  .min(2)
  .max(INPUT_LIMITS.language)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, { message: 'A language tag such as en, de or pt-BR.' });
/**
 * Passwords are kept exactly as sent (never trimmed or normalised); `parseInput` refuses lone surrogates,
 * which would hash like any other lone surrogate or U+FFFD once encoded as UTF-8. Otherwise they are
 * checked by the password policy, not here; only the type and an upper bound. zod counts
 * UTF-16 code units while the policy counts code points (up to two units each), so the bound is twice
 * the policy's maximum: every password the policy accepts gets through, and longer ones get its `too_long`.
 */
const password = z.string().max(2 * PASSWORD_MAX_LENGTH);

/**
 * A whole number within a range of the limits (`INPUT_LIMITS`, `SECURITY_LIMITS`), both ends included, with a message
 * that names the range (forms show it under the field).
 */
const intIn = (range: { readonly min: number; readonly max: number }) => {
  const message = `Must be a whole number from ${range.min} to ${range.max}.`;
  return z.number({ message }).int({ message }).min(range.min, { message }).max(range.max, { message });
};

/** A whole number out of a fixed set (`1 | 3 | 6 | 12`), with a message that names the set. */
const oneOfNumbers = (values: readonly number[]) =>
  z
    .number()
    .int()
    .refine((n) => values.includes(n), { message: `Must be one of ${values.join(', ')}.` });

/** The security settings document (`PUT /api/v1/account/security`): every field, every allowed value. */
/** Addresses as access rules and widget blocks take them: IPv4/IPv6 addresses, wildcards and CIDR ranges, at most `max`. */
const ipRuleList = (max: number) =>
  z
    .array(z.string().trim().max(100))
    .max(max)
    .superRefine((rules, ctx) => {
      rules.forEach((r, i) => {
        if (!parseIpRule(r))
          ctx.addIssue({ code: 'custom', path: [i], message: `Not an IPv4/IPv6 address, wildcard (203.0.113.*) or CIDR range: "${r}".` });
      });
    });

const securitySettings = z.strictObject({
  password: z.strictObject({
    minLength: intIn(L.minLength),
    requireMixedCase: z.boolean(),
    requireSpecialChar: z.boolean(),
    forbidUserInfo: z.boolean(),
    reuse: z.discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('off'), value: z.null().default(null) }),
      z.strictObject({ mode: z.literal('lastN'), value: intIn(L.reuseLastN) }),
      z.strictObject({ mode: z.literal('months'), value: oneOfNumbers(L.reuseMonths) }),
    ]),
    expiryMonths: oneOfNumbers(L.expiryMonths).nullable(),
  }),
  lockout: z.strictObject({
    maxFailedAttempts: intIn(L.maxFailedAttempts).nullable(),
    lockMinutes: intIn(L.lockMinutes).nullable(),
  }),
  ipRules: ipRuleList(L.ipRules.max),
  inactivityDays: intIn(L.inactivityDays).nullable(),
});

/** The sites that may embed a widget: exact http(s) origins, stored normalised and without repeats. */
const allowedOrigins = z
  .array(z.string().max(300))
  .max(MAX_ALLOWED_ORIGINS)
  .transform((list, ctx) => {
    const out: string[] = [];
    list.forEach((o, i) => {
      const n = normaliseOrigin(o);
      if (n === null)
        ctx.addIssue({ code: 'custom', path: [i], message: `Not an origin such as https://shop.example.com (no path): "${o}".` });
      else if (!out.includes(n)) out.push(n);
    });
    return out;
  })
  .describe(
    'The sites that may embed the widget: exact origins such as https://shop.example.com, at most 50, stored normalised. Empty: any site.',
  );

/** `HH:MM`, 00:00 to 23:59; an interval may end at `24:00` (midnight at the day's end). */
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const clockTime = z.string().regex(CLOCK_TIME, { message: 'Must be a time HH:MM (00:00 to 23:59).' });
const openingInterval = z
  .strictObject({ from: clockTime, to: z.union([clockTime, z.literal('24:00')]) })
  // judged only between well-formed times: a malformed one has its own problem already
  .refine((i) => !CLOCK_TIME.test(i.from) || !(CLOCK_TIME.test(i.to) || i.to === '24:00') || i.from < i.to, {
    message: 'An interval must end after it starts.',
    path: ['to'],
  });
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Must be a date YYYY-MM-DD.' })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    message: 'Must be a date that exists.',
  });

/** One weekday's intervals, sorted by start; overlapping intervals are refused. */
const daySchedule = z
  .array(openingInterval)
  .max(8)
  .transform((list, ctx) => {
    const sorted = [...list].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i]!.from < sorted[i - 1]!.to)
        ctx.addIssue({ code: 'custom', message: `The intervals starting at ${sorted[i - 1]!.from} and ${sorted[i]!.from} overlap.` });
    return sorted;
  })
  .optional();

/**
 * A widget's business hours: an IANA zone `Intl` knows (stored under its canonical name), per weekday up
 * to 8 intervals that do not overlap (kept sorted), and up to 366 holidays (sorted, each once).
 */
const businessHours = z
  .strictObject({
    timezone: z
      .string()
      .max(64)
      .transform((tz, ctx) => {
        const canonical = canonicalTimeZone(tz);
        if (canonical === null) ctx.addIssue({ code: 'custom', message: NOT_A_TIME_ZONE });
        return canonical ?? tz;
      }),
    days: z.strictObject({
      mon: daySchedule,
      tue: daySchedule,
      wed: daySchedule,
      thu: daySchedule,
      fri: daySchedule,
      sat: daySchedule,
      sun: daySchedule,
    }),
    holidays: z
      .array(calendarDate)
      .max(366)
      .default([])
      .transform((list) => [...new Set(list)].sort()),
  })
  .transform((h) => ({ ...h, days: Object.fromEntries(Object.entries(h.days).filter(([, v]) => v !== undefined && v.length > 0)) }));

/**
 * A glob of a proactive rule (`*` for any characters); blank means none (every page). It is matched against the
 * whole address, so one that starts with neither `*` nor a scheme (`/pricing`, `shop.example.com/*`) would never
 * match: refused, saying how to write it.
 */
const urlGlob = z
  .string()
  .trim()
  .max(2048)
  .refine((g) => g === '' || /^(\*|https?:\/\/)/i.test(g), {
    message: 'It is matched against the whole address: begin with https:// (or http://), or with * as in */pricing*.',
  })
  .nullable()
  .optional()
  .transform((g) => g || null)
  .describe('Matched against the whole URL, case-sensitively; `*` stands for any characters. Blank or null: any.');

/** One proactive invitation rule; the defaults fill what is left out. */
const proactiveRule = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: '1 to 64 letters, digits, _ or -.' }),
  message: multilineText(INPUT_LIMITS.invitation).min(1, { message: 'Write the invitation.' }),
  delaySeconds: intIn(INPUT_LIMITS.invitationDelaySeconds).default(0),
  minPagesViewed: intIn(INPUT_LIMITS.invitationPagesViewed).default(0),
  urlPattern: urlGlob,
  referrerPattern: urlGlob,
  onlyWhenAgentsOnline: z.boolean().default(true),
});

/** A widget's proactive rules, ids unique (a repeat is refused at its own index). */
const proactiveRules = z
  .array(proactiveRule)
  .max(MAX_PROACTIVE_RULES)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `Another rule has the id "${r.id}".` });
      seen.add(r.id);
    });
  });

export const schemas = {
  email,
  languageTag,
  displayName,
  name,
  optionalName,
  multilineText,
  password,
  signUp: z.strictObject({ accountName: name(), email, name: displayName, password }),
  login: z.strictObject({
    email: z.string().max(INPUT_LIMITS.email),
    password,
    /** Picks the account when the email and password sign in to several. */
    accountId: z.string().min(1).max(64).optional(),
  }),
  accountPatch: z.strictObject({
    name: name().optional(),
    settings: z
      .strictObject({
        timezone: z.string().min(1).max(64).optional(),
        auditRetentionDays: intIn(INPUT_LIMITS.auditRetentionDays)
          .nullable()
          .optional()
          .describe('Days the audit log is kept (null: every entry). The owner’s alone: a change by anyone else is `forbidden`.'),
        chatRetentionDays: intIn(INPUT_LIMITS.chatRetentionDays).nullable().optional(),
      })
      .optional(),
    version: z.number().int().nonnegative().optional(),
  }),
  userCreate: z.strictObject({
    email,
    name: displayName,
    role: z.enum(['admin', 'supervisor', 'agent']),
    /** Without one, the user is invited by e-mail to choose it. */
    password: password.optional(),
  }),
  userPatch: z.strictObject({
    email: email.optional(),
    name: displayName.optional(),
    role: z.enum(['owner', 'admin', 'supervisor', 'agent']).optional(),
    status: z.enum(['active', 'deactivated']).optional(),
    password: password.optional(),
    /** Required with `password` when changing one's own password. */
    currentPassword: password.optional(),
    /** The user's own maximum of open chats, overriding each widget's; null: the widget's. */
    maxConcurrentChats: intIn(INPUT_LIMITS.maxConcurrentChats).nullable().optional(),
    version: z.number().int().nonnegative().optional(),
  }),
  widgetCreate: z.strictObject({ name: name() }),
  widgetPatch: z.strictObject({
    name: name().optional(),
    settings: z
      .strictObject({
        maxConcurrentChats: intIn(INPUT_LIMITS.maxConcurrentChats).optional(),
        maxQueueSize: intIn(INPUT_LIMITS.maxQueueSize).nullable().optional(),
        businessHours: businessHours.nullable().optional(),
        offlineForm: z.strictObject({ enabled: z.boolean().optional(), alwaysOffline: z.boolean().optional() }).optional(),
        preChat: z
          .strictObject({
            askName: z.enum(['off', 'optional', 'required']).optional(),
            askEmail: z.enum(['off', 'optional', 'required']).optional(),
          })
          .optional(),
        greeting: multilineText(INPUT_LIMITS.greeting).optional(),
        language: languageTag.optional(),
        appearance: z
          .strictObject({
            color: z
              .string()
              .regex(/^#[0-9A-Fa-f]{6}$/, 'A colour as #rrggbb.')
              .transform((c) => c.toLowerCase())
              .optional(),
            position: z.enum(['right', 'left']).optional(),
            launcherText: z.string().trim().min(1).max(INPUT_LIMITS.launcherText).optional(),
          })
          .describe('The chat button and window: accent colour (#rrggbb), side of the page, the button’s text.')
          .optional(),
        allowedOrigins: allowedOrigins.optional(),
        /** Agents cannot close a chat without a label. */
        requireLabelToClose: z.boolean().optional(),
        closeInactiveAfterMinutes: intIn(INPUT_LIMITS.closeInactiveAfterMinutes)
          .nullable()
          .describe(
            'An open chat with no activity (message, note, label, page view, the visitor leaving or returning) for this many minutes closes by itself; null: never.',
          )
          .optional(),
        notifyEmails: z
          .array(email)
          .max(20)
          .transform((list) => [...new Set(list)])
          .optional(),
        transcriptToTeam: z.boolean().optional(),
        proactiveRules: proactiveRules.optional(),
        blockedVisitors: ipRuleList(INPUT_LIMITS.blockedVisitors).optional(),
      })
      .optional(),
    version: z.number().int().nonnegative().optional(),
  }),
  widgetAgents: z.strictObject({
    agentIds: z.array(z.string().min(1).max(64)).max(1000),
    version: z.number().int().nonnegative().optional(),
  }),
  pageQuery: z.object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
  auditQuery: z.object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    type: z.string().max(200).optional(),
    widgetId: z.string().max(64).optional(),
    actorId: z.string().max(64).optional(),
    actorKind: z.enum(['user', 'system', 'api_token']).optional(),
    cursor: z
      .string()
      .regex(/^\d{1,15}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  }),
  securitySettings,
  securityPut: securitySettings.extend({ version: z.number().int().nonnegative().optional() }),
  ipCheck: z.strictObject({ ipRules: securitySettings.shape.ipRules }),
  /** `POST /auth/password`: the current password (signed in) or a password-expired ticket, and the new one. */
  passwordForgot: z.strictObject({ email }),
  /** A mailed reset link's or invitation's token, and the password to set. */
  passwordWithToken: linkToken.extend({ password }),
  /** A mailed link's token, to be described before it is used (`AuthService.describeLink`). */
  linkToken,
  passwordChange: z.strictObject({
    currentPassword: password.optional(),
    ticket: z.string().min(1).max(200).optional(),
    newPassword: password,
  }),
};

export type SignUpInput = z.input<typeof schemas.signUp>;
export type AccountPatch = z.input<typeof schemas.accountPatch>;
export type UserCreateInput = z.input<typeof schemas.userCreate>;
export type UserPatch = z.input<typeof schemas.userPatch>;
export type WidgetPatch = z.input<typeof schemas.widgetPatch>;
export type AuditQuery = z.input<typeof schemas.auditQuery>;
export type SecuritySettingsInput = z.input<typeof schemas.securityPut>;
export type PasswordChangeInput = z.input<typeof schemas.passwordChange>;
export type LoginInput = z.input<typeof schemas.login>;
