/**
 * Builds the console into `dist/`: `index.html` plus content-hashed `assets/` (esbuild: JSX through
 * `jsxImportSource: preact`, no Babel). What only some screens need (the charts of the reports) is split
 * into chunks loaded when first used. The page has no inline script or style, so the host can serve it
 * under a strict Content-Security-Policy.
 */
import { rm, mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds into `outdir` (default `dist/`) and answers the files it wrote: the entry script and stylesheet,
 * every script the page loads at once (`initial`: the entry and what it imports), and those loaded later (`lazy`).
 */
export const buildConsole = async ({ outdir = `${root}dist` } = {}) => {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(join(outdir, 'assets'), { recursive: true });
  const result = await esbuild.build({
    entryPoints: { app: `${root}src/main.tsx` },
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: join(outdir, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const entry = outputs.find(([, o]) => o.entryPoint !== undefined);
  const script = entry && basename(entry[0]);
  const style = entry?.[1].cssBundle && basename(entry[1].cssBundle);
  if (!script || !style)
    throw new Error(`console build: expected an entry script and stylesheet, got ${outputs.map(([p]) => p).join(', ')}`);
  // What the page loads at once: the entry and the chunks it imports statically, transitively.
  const initial = new Set([entry[0]]);
  for (const path of initial)
    for (const i of result.metafile.outputs[path]?.imports ?? []) if (i.kind === 'import-statement') initial.add(i.path);
  const lazy = outputs.map(([p]) => p).filter((p) => p.endsWith('.js') && !initial.has(p));

  await writeFile(
    join(outdir, 'index.html'),
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Parley</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/app/assets/${style}">
<script type="module" src="/app/assets/${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The Parley console needs JavaScript.</noscript>
</body>
</html>
`,
  );
  const assets = join(outdir, 'assets');
  const inAssets = (p) => join(assets, basename(p));
  return { script: inAssets(script), style: inAssets(style), initial: [...initial].map(inAssets), lazy: lazy.map(inAssets) };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildConsole();
  console.log(
    `console: dist/index.html, assets/${basename(built.script)}, assets/${basename(built.style)}, ${built.lazy.length} lazy chunks`,
  );
}
