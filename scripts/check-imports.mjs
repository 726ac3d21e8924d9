#!/usr/bin/env node
// Fails on two kinds of import the layering forbids, in the TypeScript sources of every workspace:
//
// 1. A file-level import cycle (found by madge over relative imports; `import type` counts too, since
//    a cycle of types still ties the files together). Cycles that exist today and are being removed
//    are listed in KNOWN_CYCLES; a listed cycle that no longer exists is an error too, so the list
//    shrinks as they go and never hides a new one.
// 2. An import of a package the importing package does not declare in its package.json
//    (dependencies, devDependencies or peerDependencies; workspace packages included). Node's
//    builtins are allowed, with or without `node:`.
//
// Run by `npm test` before anything else, and by `npm run check-imports`.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Cycles tolerated while they are being taken apart, each as its files from the repository root in import
 * order (any rotation: it is compared by {@link cycleKey}); an entry whose cycle is gone is an error. None
 * today: the repository has no import cycle, and a new one fails `npm test`.
 */
export const KNOWN_CYCLES = [];

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', 'coverage']);
const BUILTINS = new Set(builtinModules);

/** Every TypeScript source under `dir`, skipping node_modules and build output. */
export function sourceFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(join(d, entry.name));
      } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(join(d, entry.name));
    }
  };
  walk(dir);
  return out.sort();
}

/** The root package and its workspaces: where each lives and which package names it declares. */
export function packagesOf(root) {
  const read = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const rootManifest = read(root);
  const dirs = [root, ...(rootManifest.workspaces ?? []).map((w) => resolve(root, w))];
  return dirs.map((dir) => {
    const m = read(dir);
    const declared = new Set([m.name, ...['dependencies', 'devDependencies', 'peerDependencies'].flatMap((k) => Object.keys(m[k] ?? {}))]);
    return { dir, name: m.name, declared };
  });
}

/** The package a file belongs to: the one whose folder is the longest prefix of its path. */
const ownerOf = (packages, file) =>
  packages.filter((p) => file === p.dir || file.startsWith(p.dir + sep)).sort((a, b) => b.dir.length - a.dir.length)[0];

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; null for relative paths and builtins. */
export function packageNameOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return null;
  if (specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return BUILTINS.has(name) ? null : name;
}

/** The module specifiers a source imports (static, re-exports, `import()` with a literal, `require`), comments ignored. */
export async function importsOf(file) {
  const ts = (await import('typescript')).default;
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/**
 * Imports of packages not declared by the importing file's package, as
 * `{ file, specifier, packageName, owner }` with paths relative to `root`.
 */
export async function findUndeclaredImports(root) {
  const packages = packagesOf(root);
  const workspaceDirs = packages.filter((p) => p.dir !== root);
  const files = [
    ...workspaceDirs.flatMap((p) => sourceFiles(p.dir)),
    ...['scripts'].filter((d) => existsSync(join(root, d))).flatMap((d) => sourceFiles(join(root, d))),
    ...readdirSync(root)
      .filter((f) => SOURCE.test(f))
      .map((f) => join(root, f)),
  ];
  const problems = [];
  for (const file of files) {
    const owner = ownerOf(packages, file);
    for (const specifier of await importsOf(file)) {
      const packageName = packageNameOf(specifier);
      if (packageName && !owner.declared.has(packageName))
        problems.push({ file: relative(root, file), specifier, packageName, owner: owner.name });
    }
  }
  return problems;
}

/** A cycle written the way KNOWN_CYCLES lists it: rotated to start at its alphabetically first file. */
export function cycleKey(files) {
  const first = files.indexOf([...files].sort()[0]);
  return [...files.slice(first), ...files.slice(0, first)].join(' > ');
}

/** The file-level import cycles among the TypeScript sources of the workspaces, as cycle keys. */
export async function findCycles(root) {
  const { default: madge } = await import('madge');
  const packages = packagesOf(root).filter((p) => p.dir !== root);
  const files = packages.flatMap((p) => sourceFiles(p.dir));
  if (files.length === 0) return [];
  const graph = await madge(files, { baseDir: root, fileExtensions: ['ts', 'tsx', 'mts', 'cts'], includeNpm: false });
  return graph.circular().map((cycle) => cycleKey(cycle.map((f) => f.split(sep).join('/'))));
}

/** New cycles (not listed) and stale entries (listed, no longer present); `found` as cycle keys, `known` as file lists. */
export function compareCycles(found, known) {
  known = known.map(cycleKey);
  const foundSet = new Set(found);
  const knownSet = new Set(known);
  return { unlisted: found.filter((c) => !knownSet.has(c)), stale: known.filter((c) => !foundSet.has(c)) };
}

/** Runs both checks on `root`; answers the report lines, empty when all is well. */
export async function checkImports(root, knownCycles = KNOWN_CYCLES) {
  const lines = [];
  const { unlisted, stale } = compareCycles(await findCycles(root), knownCycles);
  for (const c of unlisted) lines.push(`import cycle: ${c}`);
  for (const c of stale) lines.push(`KNOWN_CYCLES lists a cycle that no longer exists; remove it from scripts/check-imports.mjs: ${c}`);
  for (const p of await findUndeclaredImports(root))
    lines.push(`undeclared package: ${p.file} imports '${p.specifier}', but ${p.owner} does not declare ${p.packageName}`);
  return lines;
}

/** `--root DIR` checks another tree, `--known-cycles FILE` (a JSON list of file lists) replaces KNOWN_CYCLES: both for tests. */
const option = (name) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(option('--root') ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const knownFile = option('--known-cycles');
  const lines = await checkImports(root, knownFile ? JSON.parse(readFileSync(knownFile, 'utf8')) : KNOWN_CYCLES);
  if (lines.length > 0) {
    for (const line of lines) console.error(line);
    console.error(`\ncheck-imports: ${lines.length} problem(s)`);
    process.exit(1);
  }
  console.log('check-imports: no unlisted import cycles, no undeclared packages');
}
