import { z } from 'zod';
import { canonicalTimeZone, NOT_A_TIME_ZONE } from '../chat/business-hours.js';

/** The longest range one report covers, in days (a leap year). */
export const MAX_REPORT_DAYS = 366;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'A date like 2026-03-01.', abort: true }) // one error for a malformed date
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    message: 'Not a date of the calendar.',
  });

/** Input schemas of the report API (they also describe the query in the OpenAPI document). */
export const reportSchemas = {
  chatReportQuery: z
    .object({
      from: day.describe('First day of the report (in `timeZone`), included.'),
      to: day.describe('Last day of the report (in `timeZone`), included; at most 366 days after `from`.'),
      timeZone: z
        .string()
        .max(64)
        .refine((s) => canonicalTimeZone(s) !== null, { message: NOT_A_TIME_ZONE })
        .default('UTC')
        .describe('IANA time zone the days are counted in (default UTC).'),
      widgetId: z.string().min(1).max(64).optional().describe('Only this widget’s chats.'),
    })
    .superRefine((q, ctx) => {
      if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The last day comes before the first.' });
      else if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 > MAX_REPORT_DAYS)
        ctx.addIssue({ code: 'custom', path: ['to'], message: `A report covers at most ${MAX_REPORT_DAYS} days.` });
    }),
};

export type ChatReportQuery = z.input<typeof reportSchemas.chatReportQuery>;
