import type { ProactiveRule } from './api.js';

/**
 * Whether `text` matches `pattern` whole, where `*` stands for any characters (none included) and every
 * other character for itself, case-sensitively. Linear backtracking over the last `*` (no regular
 * expression built from a widget's settings, so no pattern can make a page's tab hang).
 */
export const globMatches = (pattern: string, text: string): boolean => {
  let p = 0;
  let t = 0;
  let star = -1; // position in pattern after the last `*`
  let resume = 0; // where in text that `*` would take over again
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = ++p;
      resume = t;
    } else if (star >= 0) {
      p = star;
      t = ++resume;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
};

/** What the rules are judged on: the page, the visit so far, and whether an agent could take a chat. */
export interface VisitContext {
  readonly pageUrl: string;
  readonly referrerUrl: string | null;
  /** Pages of the site viewed this visit, the current one included. */
  readonly pagesViewed: number;
  /** Seconds the visitor has been on this page. */
  readonly secondsOnPage: number;
  /** The widget's availability is not offline. */
  readonly agentsOnline: boolean;
}

/** A rule that applies to this page and visit, and how many seconds until it shows (0: now). */
export interface PlannedInvitation {
  readonly rule: ProactiveRule;
  readonly inSeconds: number;
}

const applies = (r: ProactiveRule, v: VisitContext): boolean =>
  v.pagesViewed >= r.minPagesViewed &&
  (!r.onlyWhenAgentsOnline || v.agentsOnline) &&
  (r.urlPattern === null || globMatches(r.urlPattern, v.pageUrl)) &&
  (r.referrerPattern === null || globMatches(r.referrerPattern, v.referrerUrl ?? ''));

/**
 * The invitation to show on this page: of the rules that apply (pages viewed, URL and referrer globs,
 * availability), the one whose delay ends first, the earlier rule on a tie; null when none applies.
 * The caller waits `inSeconds`, then asks again (the availability may have changed meanwhile).
 */
export const planInvitation = (rules: readonly ProactiveRule[], visit: VisitContext): PlannedInvitation | null => {
  let best: PlannedInvitation | null = null;
  for (const rule of rules) {
    if (!applies(rule, visit)) continue;
    const inSeconds = Math.max(0, rule.delaySeconds - visit.secondsOnPage);
    if (!best || inSeconds < best.inSeconds) best = { rule, inSeconds };
  }
  return best;
};
