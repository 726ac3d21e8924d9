import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files each built UI must hold to be served. */
const MARKERS = { widget: ['loader.js', 'frame.html'], console: ['index.html'] } as const;

/**
 * The built folder of one of the repository's UIs (`ui/<name>/dist`), found by walking up from this module
 * (`hosts/server/src/…` or `hosts/server/dist/…`); null when it was not built (a marker file is missing),
 * and the host then serves the API without that UI.
 */
export const repoUiDir = (name: keyof typeof MARKERS, from: string = import.meta.url): string | null => {
  let dir = dirname(fileURLToPath(from));
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'ui', name, 'dist');
    if (MARKERS[name].every((f) => existsSync(join(candidate, f)))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
};
