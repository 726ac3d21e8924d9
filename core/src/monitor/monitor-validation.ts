import { z } from 'zod';
import { schemas } from '../validation.js';

const widgetId = z.string().min(1).max(64);

/** Input schemas of the monitor API; their JSON schemas feed the OpenAPI document. */
export const monitorSchemas = {
  /** `PUT /api/v1/monitor/layout`: the viewer's widget order, top first. */
  layoutPut: z.strictObject({
    widgetIds: z.array(widgetId).max(1000),
    version: z.number().int().nonnegative().optional(),
  }),
  /** The query of the monitor streams. */
  streamQuery: z.object({
    patches: z
      .enum(['true', 'false'])
      .optional()
      .describe(
        '`true`: after the first `snapshot`, send what changed as `patch` events (RFC 6902 JSON Patch against the view the stream sent before), with a full `snapshot` now and then.',
      ),
  }),
  /** `POST /api/v1/monitor/share-links`. */
  shareLinkCreate: z.strictObject({
    /** A name for the admins' list. */
    label: schemas.name().default('Shared monitor'),
    /** The widgets the link shows; absent or null: every widget, including ones created later. */
    widgetIds: z.array(widgetId).min(1).max(1000).nullable().optional(),
    /** When the link stops working (ISO date-time in the future); absent or null: never. */
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  }),
};

export type MonitorLayoutInput = z.input<typeof monitorSchemas.layoutPut>;
export type ShareLinkCreateInput = z.input<typeof monitorSchemas.shareLinkCreate>;

/** What a share link token looks like (URL-safe base64 of at least 16 bytes); anything else is unknown. */
export const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;
