import { cpSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // The monitor page's HTML, CSS and script are served as files, read next to the bundle.
  onSuccess: async () => {
    cpSync('src/monitor-page', 'dist/monitor-page', { recursive: true });
  },
});
