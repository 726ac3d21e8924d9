import { describe, expect, it } from 'vitest';
import { ROUTES_USED } from './api.js';

// The server's side, from its sources (not type-checked with the UI: it is another package's test harness).
const harness = '@parley/http-hono/testing';

type OpenApi = {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>
  >;
};

describe('the frame’s client against the server’s OpenAPI document', () => {
  it('calls only routes the server has, the message route takes the clientMessageId every message carries, and the transcript route an email', async () => {
    const { testApp } = (await import(/* @vite-ignore */ harness)) as {
      testApp: () => { call(m: string, p: string): Promise<{ json: OpenApi }> };
    };
    const doc = (await testApp().call('GET', '/api/v1/openapi.json')).json;
    for (const [method, path] of ROUTES_USED) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    const message = doc.paths['/api/v1/chats/{id}/messages']!.post!.requestBody!.content['application/json']!.schema;
    expect(message.properties, 'the message route takes clientMessageId').toHaveProperty('clientMessageId');
    const transcript = doc.paths['/api/v1/chats/{id}/transcript']!.post!.requestBody!.content['application/json']!.schema;
    expect(transcript.properties, 'the transcript route takes email').toHaveProperty('email');
  });
});
