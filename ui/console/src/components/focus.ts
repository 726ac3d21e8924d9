import { useEffect, useRef } from 'preact/hooks';

/**
 * Focuses the element once, when it first shows: `autofocus` works only on a page's first load, not for a
 * screen the console shows without loading (the password pages).
 */
export const useFocusOnShow = <T extends HTMLElement>() => {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
};
