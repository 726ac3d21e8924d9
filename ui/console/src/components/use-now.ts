import { useEffect, useState } from 'preact/hooks';

/** The time now, again every `everyMs` while `ticking` (one timer per component, none while not ticking). */
export const useNow = (everyMs: number, ticking = true): Date => {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!ticking) return;
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, ticking]);
  return now;
};
