import { defineConfig } from 'tsup';

export default defineConfig({
  // `@parley/core/testing`: the test clock and scheduler, for the tests of the packages built on the core.
  // `@parley/core/ip-rules`: the IP rule parser alone (no zod), for the console's live check of the rules.
  // `@parley/core/limits`: the input limits alone, for the screens' fields.
  // `@parley/core/security-raise`: whether new password rules are stricter, as the server decides it, for the
  // security screen's question before a save that signs everyone out.
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    'ip-rules': 'src/policies/ip-rules.ts',
    limits: 'src/model/limits.ts',
    'security-raise': 'src/policies/security-raise.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
