import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./check-imports.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'parley-check-imports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let repos = 0;
/** A scratch repository: a root package with one workspace `pkg` declaring `left-pad`, and the given files. */
const repo = (files: Record<string, string>) => {
  const root = join(scratch, `repo-${++repos}`);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('package.json', JSON.stringify({ name: 'scratch', private: true, workspaces: ['pkg'] }));
  write('pkg/package.json', JSON.stringify({ name: '@scratch/pkg', dependencies: { 'left-pad': '1.0.0' } }));
  for (const [path, text] of Object.entries(files)) write(path, text);
  return root;
};

/** Runs the script on `root`; answers its exit status and its report lines. */
const check = (root: string, knownCycles: string[][] = []) => {
  const known = join(root, 'known-cycles.json');
  writeFileSync(known, JSON.stringify(knownCycles));
  const r = spawnSync(process.execPath, [script, '--root', root, '--known-cycles', known], { encoding: 'utf8' });
  return { status: r.status, problems: r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('check-imports:')) };
};

const cyclic = {
  'pkg/src/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
  'pkg/src/b.ts': "import type { a } from './a.js';\nexport const b = 1;\nexport type A = typeof a;\n",
};

describe('check-imports', () => {
  it('passes a tree without cycles whose imports are declared packages, node builtins and relative files', () => {
    const root = repo({
      'pkg/src/index.ts':
        "import { readFileSync } from 'node:fs';\nimport { join } from 'path';\nimport pad from 'left-pad/index.js';\n" +
        "import { own } from '@scratch/pkg';\nimport { x } from './x.js';\nexport { readFileSync, join, pad, own, x };\n",
      'pkg/src/x.ts':
        "// import nothing from 'in-a-comment';\n/** ```ts\n * import { y } from 'in-a-doc-example';\n * ``` */\nexport const x = 1;\n",
    });
    expect(check(root)).toEqual({ status: 0, problems: [] });
  });

  it('fails on an import of a package the importing package does not declare, naming file, package and owner', () => {
    const root = repo({ 'pkg/src/index.ts': "export const load = () => import('undeclared-thing/sub');\n" });
    expect(check(root)).toEqual({
      status: 1,
      problems: ["undeclared package: pkg/src/index.ts imports 'undeclared-thing/sub', but @scratch/pkg does not declare undeclared-thing"],
    });
  });

  it('fails on an import cycle that is not listed, type-only imports included', () => {
    expect(check(repo(cyclic))).toEqual({ status: 1, problems: ['import cycle: pkg/src/a.ts > pkg/src/b.ts'] });
  });

  it('accepts a listed cycle, in any rotation', () => {
    expect(check(repo(cyclic), [['pkg/src/b.ts', 'pkg/src/a.ts']])).toEqual({ status: 0, problems: [] });
  });

  it('fails when a listed cycle no longer exists, so the list shrinks as cycles are removed', () => {
    const { status, problems } = check(repo({ 'pkg/src/a.ts': 'export const a = 1;\n' }), [['pkg/src/a.ts', 'pkg/src/b.ts']]);
    expect(status).toBe(1);
    expect(problems).toEqual([
      'KNOWN_CYCLES lists a cycle that no longer exists; remove it from scripts/check-imports.mjs: pkg/src/a.ts > pkg/src/b.ts',
    ]);
  });
});
