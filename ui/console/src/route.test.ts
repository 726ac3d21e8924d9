import { describe, expect, it } from 'vitest';
import { pageTitle, routeOf } from './route.js';

describe('the console’s addresses', () => {
  it('opens the sign-up and forgotten-password forms, and the set-password page of a mailed reset or invitation link', () => {
    expect(routeOf('/app/forgot', '')).toEqual({ page: 'forgot' });
    expect(routeOf('/app/signup/', '')).toEqual({ page: 'signup' });
    expect(routeOf('/app/reset', '?token=abc123')).toEqual({ page: 'reset', token: 'abc123' });
    expect(routeOf('/app/invite/', '?token=xyz')).toEqual({ page: 'invite', token: 'xyz' });
    expect(routeOf('/app/renew', '?token=t1')).toEqual({ page: 'renew', token: 't1' });
    expect(routeOf('/app/renew', '')).toEqual({ page: 'main' });
  });

  it('opens the signed-in user’s own password page', () => {
    expect(routeOf('/app/password', '')).toEqual({ page: 'password' });
    expect(routeOf('/app/passwords', '')).toEqual({ page: 'main' });
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

describe('the browser tab’s title', () => {
  const signedIn = { signedIn: true, unread: 0 };

  it('names the screen first, then Parley', () => {
    expect(pageTitle({ page: 'main' }, signedIn)).toBe('Inbox · Parley');
    expect(pageTitle({ page: 'history', chatId: null }, signedIn)).toBe('History · Parley');
    expect(pageTitle({ page: 'history', chatId: 'c1' }, signedIn)).toBe('Transcript · History · Parley');
    expect(pageTitle({ page: 'admin', section: 'audit', rest: [] }, { ...signedIn, sectionTitle: 'Audit log' })).toBe(
      'Audit log · Admin · Parley',
    );
    expect(pageTitle({ page: 'admin', section: 'nonsense', rest: [] }, signedIn)).toBe('Admin · Parley');
    expect(pageTitle({ page: 'password' }, signedIn)).toBe('Your password · Parley');
  });

  it('counts the unread messages in front of a signed-in user’s title', () => {
    expect(pageTitle({ page: 'main' }, { signedIn: true, unread: 3 })).toBe('(3) Inbox · Parley');
    expect(pageTitle({ page: 'admin', section: 'users', rest: [] }, { signedIn: true, unread: 1, sectionTitle: 'Users' })).toBe(
      '(1) Users · Admin · Parley',
    );
  });

  it('names the forms of someone not signed in, whatever the address they came to', () => {
    const out = { signedIn: false, unread: 0 };
    expect(pageTitle({ page: 'main' }, out)).toBe('Sign in · Parley');
    expect(pageTitle({ page: 'history', chatId: 'c1' }, out)).toBe('Sign in · Parley');
    expect(pageTitle({ page: 'admin', section: 'audit', rest: [] }, out)).toBe('Sign in · Parley');
    expect(pageTitle({ page: 'signup' }, out)).toBe('Create an account · Parley');
    expect(pageTitle({ page: 'password' }, out)).toBe('Sign in · Parley');
    expect(pageTitle({ page: 'forgot' }, out)).toBe('Reset your password · Parley');
    expect(pageTitle({ page: 'reset', token: 't' }, out)).toBe('Choose a new password · Parley');
    expect(pageTitle({ page: 'renew', token: 't' }, out)).toBe('Choose a new password · Parley');
    expect(pageTitle({ page: 'invite', token: 't' }, { signedIn: true, unread: 2 })).toBe('Choose your password · Parley');
  });
});
