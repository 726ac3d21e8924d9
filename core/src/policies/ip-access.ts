import { ipMatchesAny, parseIpRule, type IpRule } from './ip-rules.js';

/**
 * IP access rules of an account: when the list is non-empty, only matching client addresses may sign
 * in or make authenticated requests. Pure.
 */

export type IpAccessReason = 'no_rules' | 'matched' | 'not_listed' | 'unknown_address';

export interface IpAccessDecision {
  readonly allowed: boolean;
  readonly reasons: readonly [IpAccessReason];
}

/** Parses the stored rules; invalid ones (which validation never lets in) are skipped. */
export const parseIpRules = (rules: readonly string[]): IpRule[] => rules.map((r) => parseIpRule(r)).filter((r): r is IpRule => r !== null);

export const ipAccessDecision = (rules: readonly string[], ip: string | null): IpAccessDecision => {
  if (rules.length === 0) return { allowed: true, reasons: ['no_rules'] };
  if (ip === null) return { allowed: false, reasons: ['unknown_address'] };
  return ipMatchesAny(ip, parseIpRules(rules)) ? { allowed: true, reasons: ['matched'] } : { allowed: false, reasons: ['not_listed'] };
};

/** Whether a visitor at `ip` is one a widget blocks (`WidgetSettings.blockedVisitors`); an unknown address never is. */
export const visitorBlocked = (blockedVisitors: readonly string[], ip: string | null): boolean =>
  ip !== null && blockedVisitors.length > 0 && ipMatchesAny(ip, parseIpRules(blockedVisitors));
