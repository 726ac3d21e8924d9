import { z } from 'zod';
import { AGENT_STATUSES, CHAT_STATUSES, SURVEY_COMMENT_MAX_LENGTH } from '../model/chat.js';
import { INPUT_LIMITS, VISITOR_KEY } from '../model/limits.js';
import { schemas } from '../validation.js';
import { searchTerms } from './chat-search.js';

/** Longest message a visitor or agent can send, in UTF-16 code units. */
export const MESSAGE_MAX_LENGTH = INPUT_LIMITS.message;

/** A message keeps its line breaks; control characters but tabs go and the ends are trimmed. */
const text = schemas.multilineText(MESSAGE_MAX_LENGTH).min(1, { message: 'Write a message.' });
const url = z
  .string()
  .trim()
  .max(INPUT_LIMITS.pageUrl)
  .pipe(z.url({ protocol: /^https?$/, message: 'Must be an http(s) URL.' }));
/** A client's key for a message, unique per chat: `clientMessageId` or the `Idempotency-Key` header. */
export const CLIENT_MESSAGE_ID = /^[A-Za-z0-9_-]{8,64}$/;
const clientMessageId = z.string().regex(CLIENT_MESSAGE_ID, { message: '8 to 64 letters, digits, _ or -.' });
/** A note handed over with a transfer: stored as a team note (`chat.note`) just before the transfer event. */
const transferNote = schemas
  .multilineText(MESSAGE_MAX_LENGTH)
  .optional()
  .describe(
    `A note for whoever takes the chat, stored as a team note (\`chat.note\`, never shown to the visitor) just before the transfer event; at most ${MESSAGE_MAX_LENGTH} characters after trimming, empty means none.`,
  );
/** The widget's key for a visitor's browser (see `Visitor.key`): random, URL-safe. */
const visitorKey = z.string().regex(VISITOR_KEY, { message: '16 to 64 letters, digits, _ or -.' });

/** Input schemas of the chat API; their JSON schemas feed the OpenAPI document. */
export const chatSchemas = {
  chatStart: z.strictObject({
    /** Normalised like every name; empty (or nothing visible) means the visitor gave none. */
    name: schemas.optionalName().optional(),
    email: schemas.email.optional(),
    /** The first message (or the offline request's text). */
    message: text,
    pageUrl: url.optional(),
    referrerUrl: url.optional(),
    /** BCP 47 language tag of the visitor's page or browser. */
    language: schemas.languageTag.optional(),
    customVariables: z
      .record(
        z
          .string()
          .min(1)
          .max(64)
          .regex(/^[\w.-]+$/, { message: 'Letters, digits, _, . and - only.' }),
        z.string().max(1000),
      )
      .refine((o) => Object.keys(o).length <= 50, { message: 'At most 50 variables.' })
      .optional(),
    visitorKey: visitorKey
      .optional()
      .describe(
        'The widget’s random key for this browser on the site (16 to 64 letters, digits, _ or -), the same for each chat it starts there: ' +
          'agents find the visitor’s other chats by it (`GET /api/v1/chats?visitorKey=`) even when they gave no e-mail.',
      ),
    /** The visitor answers a proactive invitation the widget showed. */
    proactive: z
      .boolean()
      .optional()
      .describe(
        'The visitor answers a proactive invitation of the widget (stored with the chat; `proactive_chat` of the support-request payload).',
      ),
    invitation: schemas
      .multilineText(INPUT_LIMITS.invitation)
      .optional()
      .describe(
        'With `proactive`: the invitation the visitor answers. One of the widget’s own rules’ invitations is stored as the chat’s first message (author `system`, the widget’s name), so the agent reads what the visitor replies to; any other text is left out.',
      ),
  }),
  message: z.strictObject({
    text,
    /**
     * The client's key for this message (also accepted as the `Idempotency-Key` header): sending it again
     * answers the stored message instead of storing a second one.
     */
    clientMessageId: clientMessageId.optional(),
  }),
  /** Where the visitor wants the transcript; the address they gave when starting, when absent. */
  transcriptRequest: z.strictObject({
    email: schemas.email.optional(),
    language: schemas.languageTag
      .optional()
      .describe('The language the widget speaks to the visitor (its own, or the page’s choice): the mail’s. Without it, the widget’s.'),
  }),
  /** Whose chats to forget: the visitor's e-mail address, their browser's key, or both. */
  forgetVisitor: z
    .strictObject({ email: schemas.email.optional(), visitorKey: visitorKey.optional() })
    .refine((v) => v.email !== undefined || v.visitorKey !== undefined, {
      message: 'Give the visitor’s email, their visitorKey, or both.',
    }),
  /** The visitor's rating of an ended chat: 1 (poor) to 5 (excellent), and a comment normalised like a message (empty: none). */
  survey: z.strictObject({
    score: z.number().int().min(1).max(5).describe('1 (poor) to 5 (excellent).'),
    comment: schemas.multilineText(SURVEY_COMMENT_MAX_LENGTH).optional(),
  }),
  /** A page of the site the visitor opened while their chat goes on. */
  page: z.strictObject({ url }),
  /** The visitor's draft (sneak peek); empty when they cleared it. */
  typing: z.strictObject({ text: z.string().max(MESSAGE_MAX_LENGTH) }),
  /** An agent's status, with an optional reason (a sub-status such as `lunch`), normalised like a name. */
  agentStatus: z.strictObject({
    status: z.enum(AGENT_STATUSES),
    reason: schemas.optionalName(INPUT_LIMITS.statusReason).nullable().optional(),
  }),
  /**
   * To a colleague (`agentId`) or to another widget's queue (`widgetId`): exactly one of them; with an optional
   * note for whoever takes it, normalised like a note's text (empty: none).
   */
  transfer: z.union([
    z.strictObject({
      agentId: z.string().min(1).max(64).describe('An online agent of the chat’s widget with room for it.'),
      note: transferNote,
    }),
    z.strictObject({
      widgetId: z.string().min(1).max(64).describe('Another widget of the account: the chat re-enters its queue.'),
      note: transferNote,
    }),
  ]),
  /** Marks an offline request handled (true) or not yet (false). */
  handled: z.strictObject({ handled: z.boolean() }),
  chatsQuery: z.object({
    /**
     * Text to find in the visitor's name or email or in the messages: every word (letters and digits) must
     * begin a word there (`refu` finds "refund"), without regard to case or accents. Blank means no search.
     */
    q: z
      .string()
      .max(200)
      .refine((s) => s.trim() === '' || searchTerms(s).length > 0, { message: 'Search for at least one letter or digit.' })
      .describe(
        'Text to find: chats whose visitor name or email, or one of whose messages, has a word beginning with each word of q ' +
          '(`refu` finds "refund"; case and accents are ignored; at most 200 characters, blank means no search). ' +
          'Each hit carries `match`: the message text around the hit, or the visitor field that matched. ' +
          'On MySQL/MariaDB, words shorter than 3 characters may also match inside a word.',
      )
      .optional(),
    status: z.enum(CHAT_STATUSES).optional(),
    widgetId: z.string().max(64).optional(),
    agentId: z.string().max(64).optional(),
    label: z.string().max(64).optional().describe('Only chats that carry this label (its id).'),
    visitorKey: visitorKey
      .optional()
      .describe('Only chats started from the browser with this key (a chat’s `visitor.key`): the visitor’s chats.'),
    handled: z.enum(['true', 'false']).optional().describe('Only offline requests: those marked handled (`true`) or not yet (`false`).'),
    from: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Only chats started at or after this instant. With `from` or `to`, the page is ordered by start, newest first.'),
    to: z.iso.datetime({ offset: true }).optional().describe('Only chats started at or before this instant.'),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
};

export type ChatStartInput = z.input<typeof chatSchemas.chatStart>;
export type ChatsQuery = z.input<typeof chatSchemas.chatsQuery>;
export type SurveyInput = z.input<typeof chatSchemas.survey>;
export type TransferInput = z.input<typeof chatSchemas.transfer>;
export type HandledInput = z.input<typeof chatSchemas.handled>;
