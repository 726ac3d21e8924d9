import { describe, expect, it } from 'vitest';
import { routeOf } from './route.js';

describe('the console’s addresses', () => {
  it('opens the sign-up and forgotten-password forms, and the set-password page of a mailed reset or invitation link', () => {
    expect(routeOf('/app/forgot', '')).toEqual({ page: 'forgot' });
    expect(routeOf('/app/signup/', '')).toEqual({ page: 'signup' });
    expect(routeOf('/app/reset', '?token=abc123')).toEqual({ page: 'reset', token: 'abc123' });
    expect(routeOf('/app/invite/', '?token=xyz')).toEqual({ page: 'invite', token: 'xyz' });
  });

  it('opens an admin section, with the rest of its path (a widget’s id, say)', () => {
    expect(routeOf('/app/admin', '')).toEqual({ page: 'admin', section: '', rest: [] });
    expect(routeOf('/app/admin/audit/', '')).toEqual({ page: 'admin', section: 'audit', rest: [] });
    expect(routeOf('/app/admin/widgets/w%201/integrations', '')).toEqual({
      page: 'admin',
      section: 'widgets',
      rest: ['w 1', 'integrations'],
    });
    expect(routeOf('/app/administrator', '')).toEqual({ page: 'main' });
  });

  it('opens the history, and a chat’s transcript in it', () => {
    expect(routeOf('/app/history', '?status=closed')).toEqual({ page: 'history', chatId: null });
    expect(routeOf('/app/history/', '')).toEqual({ page: 'history', chatId: null });
    expect(routeOf('/app/history/c%201', '?q=refund')).toEqual({ page: 'history', chatId: 'c 1' });
    expect(routeOf('/app/historybook', '')).toEqual({ page: 'main' });
  });

  it('shows the workspace (or sign-in) for any other address, and for a link without its token', () => {
    expect(routeOf('/app', '')).toEqual({ page: 'main' });
    expect(routeOf('/app/', '?token=abc')).toEqual({ page: 'main' });
    expect(routeOf('/app/reset', '')).toEqual({ page: 'main' });
    expect(routeOf('/app/invite', '?token=')).toEqual({ page: 'main' });
  });
});
