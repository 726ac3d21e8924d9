/**
 * Which sites may embed a widget: its `allowedOrigins`, exact origins such as `https://shop.example.com`.
 * Pure.
 */

/** Most origins one widget lists. */
export const MAX_ALLOWED_ORIGINS = 50;

/**
 * The origin a site is known by (`https://shop.example.com`, `http://localhost:8080`): scheme and host
 * lower-cased, default port dropped, as browsers send it in `Origin`. Null for anything that is not an
 * http(s) origin alone: a path, query, fragment or credentials, another scheme, or `null`.
 */
export const normaliseOrigin = (text: string): string | null => {
  const t = text.trim();
  const m = /^(https?):\/\/([^/?#@]+)\/?$/i.exec(t); // scheme and authority, nothing else (an empty "?" or "#" too)
  if (!m) return null;
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return null;
  }
  return url.origin;
};

/**
 * Whether a page of `origin` (a request's `Origin` header) may embed the widget: any site when the list is
 * empty, otherwise only a listed one.
 */
export const originAllowed = (allowedOrigins: readonly string[], origin: string): boolean => {
  if (allowedOrigins.length === 0) return true;
  const o = normaliseOrigin(origin);
  return o !== null && allowedOrigins.includes(o);
};
