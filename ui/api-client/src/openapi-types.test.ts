import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testApp } from '@parley/http-hono/testing';
import { openApiTypes } from '../scripts/openapi-types.mjs';

describe('the typed API client', () => {
  it('has the types of exactly the API the server serves (run `npm run generate -w @parley/api-client` after changing a route)', async () => {
    const { app } = testApp();
    const document = (await (await app.request('/api/v1/openapi.json')).json()) as object;
    const committed = readFileSync(new URL('./openapi.d.ts', import.meta.url), 'utf8');
    expect(committed === (await openApiTypes(document)), 'src/openapi.d.ts is out of date').toBe(true);
  });
});
