import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdLeave, leaveTo, within } from './leave-guard.js';

describe('the leave guard of forms with unsaved changes', () => {
  const releases: (() => void)[] = [];
  afterEach(() => releases.splice(0).forEach((r) => r()));
  const hold = (scope: string) => {
    const ask = vi.fn<(leave: () => void) => void>();
    releases.push(holdLeave({ loses: (p) => !within(scope, p), ask }));
    return ask;
  };

  it('goes at once while no form holds changes', () => {
    const go = vi.fn();
    expect(leaveTo('/app', go)).toBe(true);
    expect(go).toHaveBeenCalledOnce();
  });

  it('asks the form before leaving it, and goes only once the person chooses to leave', () => {
    const ask = hold('/app/admin/widgets/w1');
    const go = vi.fn();
    expect(leaveTo('/app', go)).toBe(false);
    expect(go).not.toHaveBeenCalled();
    expect(ask).toHaveBeenCalledOnce();
    ask.mock.calls[0]![0]();
    expect(go).toHaveBeenCalledOnce();
  });

  it('lets the form’s own other tabs open without asking', () => {
    const ask = hold('/app/admin/widgets/w1');
    const go = vi.fn();
    expect(leaveTo('/app/admin/widgets/w1/hours', go)).toBe(true);
    expect(leaveTo('/app/admin/widgets/w1/', go)).toBe(true);
    expect(go).toHaveBeenCalledTimes(2);
    expect(ask).not.toHaveBeenCalled();
    // Another widget whose id starts the same is another form.
    expect(leaveTo('/app/admin/widgets/w10', go)).toBe(false);
  });

  it('no longer holds once the form’s changes are saved or discarded (released)', () => {
    const ask = hold('/app/admin/account');
    releases.pop()!();
    const go = vi.fn();
    expect(leaveTo('/app', go)).toBe(true);
    expect(ask).not.toHaveBeenCalled();
  });
});
