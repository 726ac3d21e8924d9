/**
 * Builds the widget with esbuild: `dist/loader.js` (one small IIFE for the customer's page) and the
 * frame app, `dist/frame.html` referring to content-hashed `dist/assets/frame-<hash>.js|css`, so those
 * can be cached for a year and the page itself never is stale for long.
 *
 *   node build.mjs            → dist/
 *   buildWidget({ outdir })   → the same into another folder (the size test builds into a temporary one)
 */
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** @param {{ outdir?: string, minify?: boolean }} [options] */
export const buildWidget = async ({ outdir = join(here, 'dist'), minify = true } = {}) => {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(join(outdir, 'assets'), { recursive: true });
  const common = {
    bundle: true,
    minify,
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: here,
    tsconfig: join(here, 'tsconfig.json'),
  };
  await build({
    ...common,
    entryPoints: [join(here, 'src/loader/index.ts')],
    format: 'iife',
    target: ['es2019'],
    outfile: join(outdir, 'loader.js'),
  });
  const frame = await build({
    ...common,
    entryPoints: { frame: join(here, 'src/frame/index.tsx') },
    format: 'esm',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: join(outdir, 'assets'),
    entryNames: '[name]-[hash]',
    metafile: true,
  });
  const outputs = Object.keys(frame.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  if (!js || !css) throw new Error(`the frame build gave ${outputs.join(', ')}`);
  const template = await readFile(join(here, 'src/frame/frame.html'), 'utf8');
  // Relative to /widget/frame, so the assets resolve under /widget/assets/ wherever Parley is mounted.
  await writeFile(join(outdir, 'frame.html'), template.replace('%SCRIPT%', `assets/${js}`).replace('%STYLE%', `assets/${css}`));
  return {
    loader: join(outdir, 'loader.js'),
    frameHtml: join(outdir, 'frame.html'),
    frameJs: join(outdir, 'assets', js),
    frameCss: join(outdir, 'assets', css),
  };
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildWidget();
