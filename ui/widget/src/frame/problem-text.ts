import { ApiError } from './api.js';
import type { MessageKey } from './i18n.js';

/**
 * What to tell the visitor about a failed request, as a translation key and its values; null when the
 * form shows it by its fields instead: the server refused only fields among `shown`, those the form has.
 */
export const problemText = (e: unknown, shown: readonly string[] = []): { key: MessageKey; values?: Record<string, number> } | null => {
  const err = e instanceof ApiError ? e : new ApiError(0, 'network');
  if (err.status === 429) {
    const seconds = err.retryAfter ?? 10;
    // A wait of hours (a daily allowance spent) reads better in minutes than in thousands of seconds.
    return seconds > 120 ? { key: 'tryLater', values: { minutes: Math.ceil(seconds / 60) } } : { key: 'tooFast', values: { seconds } };
  }
  if (err.status === 503) return { key: 'offlineClosed' };
  // A visitor the widget blocks is told no more than that the chat is not there for them: asking again is no use.
  if (err.status === 404 || err.code === 'visitor_blocked') return { key: 'unavailable' };
  if (err.code === 'validation_failed' && err.fields.length > 0 && err.fields.every((f) => shown.includes(f))) return null;
  return { key: 'failed' };
};
