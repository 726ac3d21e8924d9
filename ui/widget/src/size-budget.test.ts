import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../build.mjs';

const gzipped = (...files: string[]) => files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);

describe('the widget’s size budget', () => {
  const out = mkdtempSync(join(tmpdir(), 'parley-widget-build-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  // The loader was 4,038 bytes before it learned to tell a page the frame never loaded (4,160 then; 4,221 with setUser's and setVariable's checks).
  it('builds a loader of at most 4.5 KB and a frame app of at most 35 KB (JS + CSS), gzipped', async () => {
    const built = await buildWidget({ outdir: out });
    const loader = gzipped(built.loader);
    const frame = gzipped(built.frameJs, built.frameCss);
    console.info(`widget sizes (gzip): loader ${loader} B, frame ${frame} B`);
    expect(loader).toBeLessThanOrEqual(4.5 * 1024);
    expect(frame).toBeLessThanOrEqual(35 * 1024);
  });

  it('refers from frame.html to the content-hashed assets it built', async () => {
    const html = readFileSync(join(out, 'frame.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toHaveLength(2);
    for (const r of refs) {
      expect(r).toMatch(/^assets\/frame-[A-Z0-9]{8}\.(js|css)$/);
      expect(readFileSync(join(out, r)).length).toBeGreaterThan(0);
    }
    expect(html).not.toMatch(/<script>|style=/); // nothing inline: the frame's CSP allows 'self' only
  });
});
