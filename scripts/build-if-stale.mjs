#!/usr/bin/env node
/**
 * Builds the workspaces whose sources changed since their last build, in the order of the root
 * `package.json`, and skips the others, so `npm start` after a restart takes seconds instead of
 * rebuilding everything.
 *
 * A workspace's fingerprint is the path, size and mtime of each of its files (but `node_modules` and
 * `dist`), of the files of the workspaces it bundles without building them (`@parley/api-client`), and
 * of the root's lockfile and shared tsconfig. It is written to `node_modules/.cache/parley-build/` after a
 * build succeeds; a workspace builds again when its fingerprint differs or its `dist` is gone. Packages
 * built by tsup keep their workspace imports external, so a change in `@parley/core` does not rebuild
 * the adapters: they load the new core at run time.
 *
 * `--force` builds everything and is what `npm run build` runs, so a start after a full build skips it;
 * `--root <dir>` works on another checkout.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rootArg = process.argv.indexOf('--root');
const root = rootArg > 0 ? join(process.argv[rootArg + 1], '/') : fileURLToPath(new URL('..', import.meta.url));
const cacheDir = join(root, 'node_modules/.cache/parley-build');
const force = process.argv.includes('--force');
const SKIP = new Set(['node_modules', 'dist', '.turbo', 'coverage']);
const SHARED = ['package-lock.json', 'tsconfig.base.json'];

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const workspaces = readJson(join(root, 'package.json')).workspaces.map((dir) => ({ dir, pkg: readJson(join(root, dir, 'package.json')) }));
const byName = new Map(workspaces.map((w) => [w.pkg.name, w]));

/** Every file under `dir` but the skipped folders, as `path size mtime` lines. */
const listFiles = (dir, lines = []) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, lines);
    else if (entry.isFile()) {
      const s = statSync(path);
      lines.push(`${path.slice(root.length)} ${s.size} ${s.mtimeMs}`);
    }
  }
  return lines;
};

/** The workspace's own folder and those of the local packages it bundles without a build of their own. */
const inputDirs = (w, seen = new Set()) => {
  if (seen.has(w.dir)) return [];
  seen.add(w.dir);
  const deps = Object.keys({ ...w.pkg.dependencies, ...w.pkg.devDependencies })
    .map((name) => byName.get(name))
    .filter((d) => d && !d.pkg.scripts?.build);
  return [w.dir, ...deps.flatMap((d) => inputDirs(d, seen))];
};

const fingerprint = (w) => {
  const hash = createHash('sha256');
  for (const file of SHARED) hash.update(`${file} ${existsSync(join(root, file)) ? statSync(join(root, file)).mtimeMs : 0}\n`);
  for (const dir of inputDirs(w)) hash.update(listFiles(join(root, dir)).sort().join('\n'));
  return hash.digest('hex');
};

mkdirSync(cacheDir, { recursive: true });
const started = Date.now();
let built = 0;
for (const w of workspaces) {
  if (!w.pkg.scripts?.build) continue;
  const stampFile = join(cacheDir, `${w.pkg.name.replace(/[^a-z0-9-]/gi, '_')}.txt`);
  const print = fingerprint(w);
  const distDir = join(root, w.dir, 'dist');
  const fresh =
    !force && existsSync(distDir) && readdirSync(distDir).length > 0 && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === print;
  if (fresh) continue;
  process.stderr.write(`building ${w.pkg.name}\n`);
  const r = spawnSync('npm', ['run', 'build', '--silent', '-w', w.pkg.name], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) {
    process.stderr.write(`build of ${w.pkg.name} failed\n`);
    process.exit(r.status ?? 1);
  }
  // The fingerprint taken before the build: a file edited during the build makes the next start build again.
  writeFileSync(stampFile, print);
  built++;
}
process.stderr.write(built ? `built ${built} workspace(s) in ${((Date.now() - started) / 1000).toFixed(1)} s\n` : 'build is up to date\n');
