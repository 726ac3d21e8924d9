import { z } from 'zod';
import { schemas } from '@parley/core';
import type { JsonSchema } from './api.js';

const settings = (() => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schemas.securitySettings, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  return rest as JsonSchema & { properties: Record<string, unknown>; required?: string[] };
})();

/** Response schemas of the security routes, generated from the same zod schema that validates input. */
export const securityComponentSchemas: Record<string, JsonSchema> = {
  SecuritySettings: {
    ...settings,
    description:
      'The owner’s security policy. `password.reuse.mode`: off | lastN (value 5–8) | months (value 1, 6 or 12). `lockout.lockMinutes: null` with a limit set locks until an owner or admin unlocks. `ipRules`: addresses, IPv4 wildcards and CIDR ranges; empty allows every address.',
    required: [...(settings.required ?? []), 'version'],
    properties: { ...settings.properties, version: { type: 'integer', description: 'Bumped on every change; send it back in If-Match.' } },
  },
  IpRulesCheck: {
    type: 'object',
    required: ['address', 'allowed'],
    properties: {
      address: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'Your address as the server sees it; null when unknown.' },
      allowed: { type: 'boolean', description: 'Whether the rules let that address in.' },
    },
    description: 'Whether your own address passes the IP rules asked about.',
  },
};
