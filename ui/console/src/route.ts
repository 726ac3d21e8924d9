/**
 * The console's few addresses outside the workspace: the forgotten-password form and the pages a mailed
 * link opens (`/app/reset?token=…`, `/app/invite?token=…`). Everything else under `/app` is the workspace
 * (or the sign-in form). The server answers every `/app/*` path with the console.
 */
export type Route = { readonly page: 'main' } | { readonly page: 'forgot' } | { readonly page: 'reset' | 'invite'; readonly token: string };

/** The route of an address. A link without its token is no link: the sign-in form shows. */
export const routeOf = (pathname: string, search: string): Route => {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/app/forgot') return { page: 'forgot' };
  if (path === '/app/reset' || path === '/app/invite') {
    const token = new URLSearchParams(search).get('token');
    if (token) return { page: path === '/app/reset' ? 'reset' : 'invite', token };
  }
  return { page: 'main' };
};
