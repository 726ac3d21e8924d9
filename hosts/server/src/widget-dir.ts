import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built visitor widget (`ui/widget/dist`) of the repository the host runs from, found by walking up
 * from this module (`hosts/server/src/…` or `hosts/server/dist/…`); null when the widget was not built
 * (no `loader.js` or `frame.html`), and the host then serves no widget.
 */
export const repoWidgetDir = (from: string = import.meta.url): string | null => {
  let dir = dirname(fileURLToPath(from));
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'ui', 'widget', 'dist');
    if (existsSync(join(candidate, 'loader.js')) && existsSync(join(candidate, 'frame.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
};
