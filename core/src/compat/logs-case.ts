import { z } from 'zod';
import {
  buildSupportRequestPayload,
  supportRequestV1Schema,
  transcriptItemSchema,
  type SupportRequestInput,
} from '../integrations/payload.js';

/**
 * One case of the Logs API (`GET /api/v2/:accountId/logs`), the counterpart of the commercial service's
 * Logs API for scripts migrating to Parley. It is the `support-request.v1` payload of the Open API
 * integration (same fields, same names, one mapping: {@link buildSupportRequestPayload}) without the
 * push-only `schema_version` and `event`, plus what the commercial Logs API adds: `created_at_date`
 * (epoch milliseconds), `source_id` telling offline requests (1) from chats (2), and `date_submitted`
 * (epoch milliseconds) on each transcript item.
 */
export const logsCaseSchema = supportRequestV1Schema
  .omit({ schema_version: true, event: true, source_id: true, transcripts: true })
  .extend({
    created_at_date: z
      .number()
      .int()
      .describe('When the request was made, in milliseconds since the Unix epoch (the Logs API’s name for it).'),
    source_id: z
      .union([z.literal(1), z.literal(2)])
      .describe('What the case is, as the commercial Logs API numbers it: 1 an offline request, 2 a live chat.'),
    transcripts: z
      .array(
        transcriptItemSchema.extend({
          date_submitted: z.number().int().describe('When it was written, in milliseconds since the Unix epoch.'),
        }),
      )
      .describe('The whole conversation, oldest first.'),
  })
  .describe('A case of the Logs API: a live chat or an offline request, with its transcript.');

export type LogsCase = z.infer<typeof logsCaseSchema>;

/** The Logs API's case of a chat or offline request and its transcript. Pure, like the payload it extends. */
export const buildLogsCase = (input: Omit<SupportRequestInput, 'event'>): LogsCase => {
  const {
    schema_version: _v,
    event: _e,
    source_id: _s,
    transcripts,
    ...rest
  } = buildSupportRequestPayload({
    ...input,
    event: input.chat.kind === 'offline' ? 'offline_request.created' : 'chat.finished',
  });
  return {
    ...rest,
    created_at_date: rest.created_at_milliseconds,
    source_id: input.chat.kind === 'offline' ? 1 : 2,
    transcripts: transcripts.map((t) => ({ ...t, date_submitted: t.date_milliseconds })),
  };
};
