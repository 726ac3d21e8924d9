/**
 * The console's addresses. Besides the workspace (`/app`, or the sign-in form), the history (`/app/history`, a
 * chat's transcript at `/app/history/<chatId>`, the filters in the query, which the monitor's transcript links
 * open), the signed-in user's own password (`/app/password`), the sign-up form (`/app/signup`, the first account's on a fresh server), the forgotten-password form, the pages a link opens (`/app/reset?token=…`,
 * `/app/invite?token=…`, and `/app/renew?token=…`, an operator's reset) and the admin screens (`/app/admin/<section>`, e.g. `/app/admin/audit`). The server
 * answers every `/app/*` path with the console.
 */
export type Route =
  | { readonly page: 'main' }
  | { readonly page: 'history'; readonly chatId: string | null }
  | { readonly page: 'forgot' }
  | { readonly page: 'signup' }
  | { readonly page: 'password' }
  | { readonly page: 'reset' | 'invite' | 'renew'; readonly token: string }
  | { readonly page: 'admin'; readonly section: string; readonly rest: readonly string[] };

/** The pages a link with a token opens: a mailed reset or invitation, and an operator's reset (renew). */
const LINK_PAGES = ['reset', 'invite', 'renew'] as const;

/** The route of an address. A link without its token is no link: the sign-in form shows. */
export const routeOf = (pathname: string, search: string): Route => {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/app/forgot') return { page: 'forgot' };
  if (path === '/app/signup') return { page: 'signup' };
  if (path === '/app/password') return { page: 'password' };
  const link = LINK_PAGES.find((p) => path === `/app/${p}`);
  if (link) {
    const token = new URLSearchParams(search).get('token');
    if (token) return { page: link, token };
  }
  if (path === '/app/history' || path.startsWith('/app/history/')) {
    const [chatId = null] = path.slice('/app/history/'.length).split('/').filter(Boolean).map(decodeURIComponent);
    return { page: 'history', chatId };
  }
  if (path === '/app/admin' || path.startsWith('/app/admin/')) {
    const [section = '', ...rest] = path.slice('/app/admin/'.length).split('/').filter(Boolean).map(decodeURIComponent);
    return { page: 'admin', section, rest };
  }
  return { page: 'main' };
};

/** The pages a mailed link or the sign-in form opens, shown whoever is signed in. */
const FORM_TITLES = {
  forgot: 'Reset your password',
  reset: 'Choose a new password',
  renew: 'Choose a new password',
  invite: 'Choose your password',
} as const;

/**
 * The browser tab's title for a route: the screen's name first, so that tabs, the browser's history and a screen
 * reader announcing the page tell the console's screens apart, with the unread messages counted in front while
 * the workspace shows. `signedIn` false: the workspace's addresses show the sign-in form. An admin section's name
 * is `sectionTitle` (none: an unknown section, and the title says Admin only).
 */
export const pageTitle = (
  r: Route,
  { signedIn, unread, sectionTitle }: { readonly signedIn: boolean; readonly unread: number; readonly sectionTitle?: string | null },
): string => {
  const form = FORM_TITLES[r.page as keyof typeof FORM_TITLES] ?? (signedIn ? null : r.page === 'signup' ? 'Create an account' : 'Sign in');
  if (form) return `${form} · Parley`;
  const screen =
    r.page === 'history'
      ? r.chatId
        ? 'Transcript · History'
        : 'History'
      : r.page === 'admin'
        ? sectionTitle
          ? `${sectionTitle} · Admin`
          : 'Admin'
        : r.page === 'password'
          ? 'Your password'
          : 'Inbox';
  return `${unread > 0 ? `(${unread}) ` : ''}${screen} · Parley`;
};
