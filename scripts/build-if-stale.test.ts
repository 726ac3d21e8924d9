import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./build-if-stale.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'parley-build-if-stale-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A workspace whose build writes `dist/out.txt` and notes its name in `builds.log`. */
const workspace = (name: string, deps: Record<string, string> = {}, build = true) => {
  mkdirSync(join(root, name, 'src'), { recursive: true });
  writeFileSync(join(root, name, 'src/index.ts'), `export const name = '${name}';\n`);
  const cmd = `node -e "const fs=require('fs');fs.mkdirSync('dist',{recursive:true});fs.writeFileSync('dist/out.txt','');fs.appendFileSync('../builds.log','${name}\\\\n')"`;
  writeFileSync(
    join(root, name, 'package.json'),
    JSON.stringify({ name: `@t/${name}`, version: '0.0.0', dependencies: deps, scripts: build ? { build: cmd } : {} }),
  );
};

/** Runs the script on the scratch repository; returns the workspaces it built, in order. */
const run = () => {
  writeFileSync(join(root, 'builds.log'), '');
  const r = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean);
};

/** Marks a file changed, as an editor saving it a moment later would. */
const touch = (file: string) => {
  const later = new Date(Date.now() + 5_000);
  utimesSync(join(root, file), later, later);
};

describe('building only what changed', () => {
  beforeAll(() => {
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 't', private: true, workspaces: ['core', 'client', 'app', 'adapter'] }),
    );
    workspace('core');
    workspace('client', { '@t/core': '0.0.0' }, false); // bundled by `app`, never built alone
    workspace('app', { '@t/client': '0.0.0' });
    workspace('adapter', { '@t/core': '0.0.0' });
  });

  it('builds every workspace once, then after a restart only what changed since', { timeout: 60_000 }, () => {
    expect(run(), 'first start: all, in the order of the root package.json').toEqual(['core', 'app', 'adapter']);
    expect(run(), 'nothing changed').toEqual([]);
    touch('adapter/src/index.ts');
    expect(run(), 'one file changed').toEqual(['adapter']);
    writeFileSync(join(root, 'client/src/extra.ts'), 'export const extra = 1;\n');
    expect(run(), 'a bundled package without a build of its own changed').toEqual(['app']);
    rmSync(join(root, 'core/dist'), { recursive: true });
    expect(run(), 'a dist was removed').toEqual(['core']);
  });
});
