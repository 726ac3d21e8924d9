import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { repoUiDir } from './ui-dir.js';

describe('repoUiDir', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  /** A repository with the host's module at hosts/server/dist/main.js, and the widget built or not. */
  const repo = (built: readonly string[], ui = 'widget') => {
    const root = mkdtempSync(join(tmpdir(), 'parley-repo-'));
    made.push(root);
    mkdirSync(join(root, 'hosts', 'server', 'dist'), { recursive: true });
    mkdirSync(join(root, 'ui', ui, 'dist'), { recursive: true });
    for (const f of built) writeFileSync(join(root, 'ui', ui, 'dist', f), '');
    return { root, module: pathToFileURL(join(root, 'hosts', 'server', 'dist', 'main.js')).href };
  };

  it('finds the built widget of the repository the host runs from', () => {
    const { root, module } = repo(['loader.js', 'frame.html']);
    expect(repoUiDir('widget', module)).toBe(join(root, 'ui', 'widget', 'dist'));
  });

  it('gives null while the widget is not built', () => {
    expect(repoUiDir('widget', repo([]).module)).toBeNull();
    expect(repoUiDir('widget', repo(['loader.js']).module)).toBeNull();
  });

  it('finds the built console by its page', () => {
    const { root, module } = repo(['index.html'], 'console');
    expect(repoUiDir('console', module)).toBe(join(root, 'ui', 'console', 'dist'));
    expect(repoUiDir('console', repo([], 'console').module)).toBeNull();
  });
});
