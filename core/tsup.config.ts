import { defineConfig } from 'tsup';

export default defineConfig({
  // `@parley/core/testing`: the test clock and scheduler, for the tests of the packages built on the core.
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
