/** Helpers for tests of the security policy (`@parley/core/testing`). */
import { defaultSecuritySettings, type SecuritySettings } from '../model/security.js';

export type SecurityPatch = {
  password?: Partial<SecuritySettings['password']>;
  lockout?: Partial<SecuritySettings['lockout']>;
  ipRules?: string[];
  inactivityDays?: number | null;
};

/** The default document with some settings changed. */
export const settingsWith = (p: SecurityPatch): SecuritySettings => {
  const d = defaultSecuritySettings();
  return {
    password: { ...d.password, ...p.password },
    lockout: { ...d.lockout, ...p.lockout },
    ipRules: p.ipRules ?? d.ipRules,
    inactivityDays: p.inactivityDays === undefined ? d.inactivityDays : p.inactivityDays,
  };
};
