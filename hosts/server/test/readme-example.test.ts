import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runToExit } from './process.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

it('the README’s embedder example runs against the built packages', async () => {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const block = /<!-- embedder-example[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block, 'README has the embedder example').toBeTruthy();
  expect(block!.trim().split('\n').length).toBeLessThanOrEqual(25);
  const file = `${root}.readme-example-${process.pid}.mjs`;
  writeFileSync(file, block!);
  try {
    const { code, out } = await runToExit(file, [], {}, root);
    expect(out).toContain('widget.updated [{"path":"/settings/maxConcurrentChats","from":3,"to":5}]');
    expect(code).toBe(0);
  } finally {
    rmSync(file, { force: true });
  }
});
