import { isIP } from 'node:net';

/** How the connection is secured: TLS from the start (`smtps://`), STARTTLS required or tried, or none. */
export type SmtpSecurity = 'tls' | 'starttls' | 'starttls-optional' | 'none';

/** A parsed `PARLEY_SMTP_URL`. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly user: string | null;
  readonly password: string | null;
}

const isLoopback = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
};

/**
 * Reads `smtp://[user:pass@]host[:port][?starttls=required|optional|off]` or `smtps://…`. Plain
 * `smtp://` requires STARTTLS (the server must offer it, or nothing is sent) unless `?starttls=`
 * says otherwise or the host is loopback (tried, not required). Throws an `Error` with a one-line
 * reason that never repeats the password.
 */
export const parseSmtpUrl = (raw: string): SmtpSettings => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('is not a URL (smtp://user:pass@host:port or smtps://…)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`must start with smtp:// or smtps:// (got ${url.protocol}//)`);
  if (!url.hostname) throw new Error('names no host');
  const tls = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : tls ? 465 : 587;
  const asked = url.searchParams.get('starttls');
  for (const key of url.searchParams.keys())
    if (key !== 'starttls') throw new Error(`has an unknown option ?${key}= (only ?starttls=required|optional|off)`);
  if (asked !== null && !['required', 'optional', 'off'].includes(asked)) throw new Error('?starttls= must be required, optional or off');
  if (tls && asked !== null) throw new Error('smtps:// is TLS from the start: ?starttls= applies to smtp:// only');
  const security: SmtpSecurity = tls
    ? 'tls'
    : asked === 'off'
      ? 'none'
      : asked === 'optional' || (asked === null && isLoopback(url.hostname))
        ? 'starttls-optional'
        : 'starttls';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    security,
    user: url.username ? decodeURIComponent(url.username) : null,
    password: url.password ? decodeURIComponent(url.password) : null,
  };
};
