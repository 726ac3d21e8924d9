import { z } from 'zod';
import { CANNED_TEXT_MAX_LENGTH } from '../model/canned-response.js';
import { MAX_LABELS_PER_CHAT } from '../model/label.js';
import { INPUT_LIMITS } from '../model/limits.js';
import { schemas } from '../validation.js';

const id = z.string().min(1).max(64);
const version = z.number().int().nonnegative().optional();

/**
 * A shortcut as typed: `refund`, or as agents type it in the reply box, `/refund` or `#refund`; letters, digits,
 * `-` and `_`, at most 32 after the `/` or `#`. Stored without either and in lower case, so `/Refund`, `#refund`
 * and `refund` are one shortcut.
 */
const shortcut = z
  .string()
  .trim()
  .regex(/^[/#]?[A-Za-z0-9_-]{1,32}$/, { message: 'Letters, digits, - and _ only (1 to 32); agents type / before it.' })
  .transform((s) => s.replace(/^[/#]/, '').toLowerCase())
  .describe('`refund`, `/refund` or `#refund`: letters, digits, `-` and `_`, 1 to 32 of them. Stored without `/` or `#`, in lower case.');

/** The canned text: kept as written (placeholders such as `{visitor.name}` included), line breaks kept. */
const cannedText = schemas
  .multilineText(CANNED_TEXT_MAX_LENGTH)
  .min(1, { message: 'Write the text.' })
  .describe(
    `Up to ${CANNED_TEXT_MAX_LENGTH} characters; \`{visitor.name}\` and \`{agent.name}\` are kept as written (the agent console fills them in). Line breaks are kept.`,
  );

const color = z
  .string()
  .regex(/^#[0-9A-Fa-f]{6}$/, { message: 'A colour as #rrggbb.' })
  .transform((s) => s.toLowerCase())
  .describe('`#rrggbb`; stored in lower case.');

/** Input schemas of the canned-response and label API; their JSON schemas feed the OpenAPI document. */
export const consoleSchemas = {
  cannedCreate: z.strictObject({
    shortcut,
    title: schemas.name(),
    text: cannedText,
    widgetId: id.nullable().optional().describe('The widget it is for; absent or null: every widget of the account.'),
  }),
  cannedPatch: z.strictObject({
    shortcut: shortcut.optional(),
    title: schemas.name().optional(),
    text: cannedText.optional(),
    widgetId: id.nullable().optional(),
    version,
  }),
  cannedQuery: z.object({
    q: z.string().max(200).optional().describe('Text to find in the shortcut, title or text, without regard to case.'),
    widgetId: id.optional().describe('Only what this widget’s chats can use: its own responses and the account-wide ones.'),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
  labelCreate: z.strictObject({ name: schemas.name(INPUT_LIMITS.labelName), color }),
  labelPatch: z.strictObject({ name: schemas.name(INPUT_LIMITS.labelName).optional(), color: color.optional(), version }),
  /** `PUT /api/v1/chats/:id/labels`: the chat's labels, all of them. */
  chatLabels: z.strictObject({
    labelIds: z
      .array(id)
      .max(MAX_LABELS_PER_CHAT)
      .describe('Every label the chat is to carry (ids of the account’s labels); `[]` removes them all.'),
    version,
  }),
};

export type CannedCreateInput = z.input<typeof consoleSchemas.cannedCreate>;
export type CannedPatchInput = z.input<typeof consoleSchemas.cannedPatch>;
export type CannedQuery = z.input<typeof consoleSchemas.cannedQuery>;
export type LabelCreateInput = z.input<typeof consoleSchemas.labelCreate>;
export type LabelPatchInput = z.input<typeof consoleSchemas.labelPatch>;
export type ChatLabelsInput = z.input<typeof consoleSchemas.chatLabels>;
