import type { LeadFieldMapping } from '../model/integration.js';
import type { SupportRequestPayload } from './payload.js';

/**
 * Salesforce field mapping: which support-request fields become which Lead fields. Pure functions over
 * the documented `support-request.v1` payload, so a mapping means the same thing as the JSON receivers
 * get.
 */

/**
 * Payload fields a mapping may read. Besides these, `javascript_variables.<name>` reads one custom
 * variable, and `transcript_text` the whole transcript as text (`[time] alias: message` lines).
 */
export const LEAD_SOURCE_FIELDS = [
  'id',
  'widget_id',
  'url',
  'type',
  'status',
  'event',
  'requested_by',
  'requester_details.name',
  'requester_details.email',
  'requester_first_name',
  'requester_last_name',
  'description',
  'created_at',
  'closed_at',
  'page_url',
  'entry_url',
  'referrer_url',
  'ip_address',
  'user_agent',
  'browser',
  'os',
  'country_code',
  'country',
  'region',
  'city',
  'latitude',
  'longitude',
  'timezone',
  'language_code',
  'chat_waittime',
  'chat_duration',
  'agent.id',
  'agent.alias',
  'agent.email',
  'transcript_text',
] as const;

const VARIABLE_PREFIX = 'javascript_variables.';

/** Why a mapping may not read `field`, in words; null when it may. */
export const leadSourceFieldProblem = (field: string): string | null => {
  if ((LEAD_SOURCE_FIELDS as readonly string[]).includes(field)) return null;
  if (!field.startsWith(VARIABLE_PREFIX)) return 'Not a support-request field a mapping can read.';
  if (field.length === VARIABLE_PREFIX.length) return 'Name the page variable to read.';
  if (field.length > 200) return `A page variable’s name has at most ${200 - VARIABLE_PREFIX.length} characters.`;
  return null;
};

/** Whether `field` is something a mapping may read. */
export const isLeadSourceField = (field: string): boolean => leadSourceFieldProblem(field) === null;

/**
 * A Lead field's API name: standard fields (`LastName`), custom fields (`Chat_Transcript__c`), and
 * namespaced custom fields (`ns__Field__c`).
 */
export const LEAD_FIELD_NAME =
  /^(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*|(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__)?[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c)$/;

/** Splits a display name into first and last name (the last word is the last name). */
const splitName = (name: string | null): { first: string | null; last: string | null } => {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { first: null, last: null };
  if (words.length === 1) return { first: null, last: words[0]! };
  return { first: words.slice(0, -1).join(' '), last: words[words.length - 1]! };
};

/** The transcript as plain text, one `[ISO time] alias: message` line per message. */
export const transcriptText = (p: Pick<SupportRequestPayload, 'transcripts'>): string =>
  p.transcripts.map((t) => `[${t.date}] ${t.alias}: ${t.message}`).join('\n');

/** Reads one source field of the payload; undefined when it is not there. */
export const readLeadSource = (p: SupportRequestPayload, field: string): unknown => {
  if (field === 'transcript_text') return transcriptText(p);
  if (field === 'requester_first_name') return splitName(p.requester_details.name).first;
  if (field === 'requester_last_name') return splitName(p.requester_details.name).last;
  if (field.startsWith(VARIABLE_PREFIX)) {
    const name = field.slice(VARIABLE_PREFIX.length);
    return p.javascript_variables.find((v) => v.name === name)?.value ?? null;
  }
  let cur: unknown = p;
  for (const seg of field.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
};

/** Placeholder Salesforce's own Web-to-Lead uses when a required field is unknown. */
export const NOT_PROVIDED = '[not provided]';

/**
 * The Lead's fields: defaults first (`FirstName`, `LastName`, `Email`, `Company`, `Description`,
 * `LeadSource`), then the mapping in order (a later entry wins). `LastName` and `Company`, which
 * Salesforce requires, fall back to a placeholder when they end up empty. Null and empty values are
 * left out, so they never blank a field Salesforce would default. Objects and arrays are not values:
 * a mapping that points at one is skipped.
 */
export const mapLeadFields = (
  p: SupportRequestPayload,
  mapping: readonly LeadFieldMapping[],
): Record<string, string | number | boolean> => {
  const name = splitName(p.requester_details.name);
  const fields: Record<string, unknown> = {
    FirstName: name.first,
    LastName: name.last ?? p.requested_by,
    Email: p.requested_by,
    Company: null,
    Description: p.description,
    LeadSource: 'Chat',
  };
  for (const m of mapping) fields[m.leadField] = 'field' in m.source ? readLeadSource(p, m.source.field) : m.source.value;
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string' ? v.trim() !== '' : typeof v === 'number' ? Number.isFinite(v) : typeof v === 'boolean')
      out[k] = v as string | number | boolean;
  }
  out.LastName ??= NOT_PROVIDED;
  out.Company ??= NOT_PROVIDED;
  return out;
};
