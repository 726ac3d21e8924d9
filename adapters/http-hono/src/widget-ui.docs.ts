/**
 * The OpenAPI descriptions of the widget page routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

export const getWidgetJs = [
  'A small script with no dependencies: it reads `data-widget` from its own tag, adds the chat button and the frame (GET /widget/frame) to',
  'the page, and keeps the visitor’s chat token in the page’s localStorage. Loadable from any site (`Cross-Origin-Resource-Policy:',
  'cross-origin`), cached for five minutes.',
].join(' ');

export const getWidgetFrame = [
  'Its Content-Security-Policy allows scripts, styles and connections from this server only, and `frame-ancestors` lists the widget’s',
  '`allowedOrigins` (any site when empty). An unknown widget gets a 404 page.',
].join(' ');

export const getWidgetsSnippet = [
  'Paste it into the site’s pages, just before `</body>`. The address is this server’s as the request reached it (https when a trusted',
  'proxy says so in `X-Forwarded-Proto`).',
].join(' ');
