import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { inactivityDecision } from './inactivity.js';

const agent = {
  role: 'agent' as const,
  status: 'active' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  lastLoginAt: '2026-01-10T12:00:00.000Z',
};

describe('inactivityDecision', () => {
  it('deactivates an agent exactly N days after the last login', () => {
    const clock = new ManualClock('2026-02-09T11:59:59.999Z');
    expect(inactivityDecision(30, agent, clock.now())).toEqual({
      inactive: false,
      lastActiveAt: agent.lastLoginAt,
      deadline: '2026-02-09T12:00:00.000Z',
      reasons: [],
    });
    clock.advance(1);
    expect(inactivityDecision(30, agent, clock.now())).toMatchObject({ inactive: true, reasons: ['inactive'] });
  });

  it('counts from creation for a user who never logged in', () => {
    const d = inactivityDecision(5, { ...agent, lastLoginAt: null }, new ManualClock('2026-01-06T00:00:00.000Z').now());
    expect(d).toMatchObject({ inactive: true, lastActiveAt: agent.createdAt });
  });

  it('gives a reactivated user a fresh period from the reactivation', () => {
    const reactivated = { ...agent, updatedAt: '2026-03-01T00:00:00.000Z' };
    expect(inactivityDecision(30, reactivated, new ManualClock('2026-03-15T00:00:00.000Z').now()).inactive).toBe(false);
  });

  it('never deactivates the owner', () => {
    const d = inactivityDecision(1, { ...agent, role: 'owner' }, new ManualClock('2030-01-01T00:00:00.000Z').now());
    expect(d).toMatchObject({ inactive: false, reasons: ['owner_exempt'], deadline: null });
  });

  it('applies to admins and supervisors too', () => {
    const later = new ManualClock('2030-01-01T00:00:00.000Z').now();
    expect(inactivityDecision(30, { ...agent, role: 'admin' }, later).inactive).toBe(true);
    expect(inactivityDecision(30, { ...agent, role: 'supervisor' }, later).inactive).toBe(true);
  });

  it('does nothing when the rule is off or the user is already deactivated', () => {
    const later = new ManualClock('2030-01-01T00:00:00.000Z').now();
    expect(inactivityDecision(null, agent, later).reasons).toEqual(['not_enabled']);
    expect(inactivityDecision(30, { ...agent, status: 'deactivated' }, later).reasons).toEqual(['already_deactivated']);
  });
});
