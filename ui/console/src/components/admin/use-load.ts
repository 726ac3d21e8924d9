import { type Inputs, useEffect, useState } from 'preact/hooks';

/**
 * How a screen loads what it shows, once and again whenever `deps` change: `read` fetches and keeps the data, and
 * answers what failed, in the screen's own words (`'The API tokens could not be loaded.'`), or nothing when it
 * worked. The screen shows `loadError` with `LoadFailed` (`feedback.tsx`), whose Try again calls `load`, which
 * clears the failure before reading again. One hook, so that every screen fails and retries the same way.
 */
export const useLoad = (read: () => Promise<string | null | undefined>, deps: Inputs) => {
  const [loadError, setLoadError] = useState<string | null>(null);
  const load = async () => {
    setLoadError(null);
    const failed = await read();
    if (failed) setLoadError(failed);
  };
  useEffect(() => void load(), deps);
  return { loadError, load };
};
