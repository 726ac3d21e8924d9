import { navigate } from '../store.js';

/** Follows a console link without reloading the page (a plain click; modified clicks open as the browser does). */
export const goTo = (e: MouseEvent, href: string) => {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(href);
};
