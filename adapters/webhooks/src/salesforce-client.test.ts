import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceCrmClient } from './salesforce-client.js';
import { startFakeSalesforce } from '../test/salesforce.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

const fakeSalesforce = async (opts: Parameters<typeof startFakeSalesforce>[0] = {}) => {
  const sf = await startFakeSalesforce(opts);
  open.push(sf.server);
  return sf;
};

const client = () => {
  const c = new SalesforceCrmClient({ allowHttpLoopback: true });
  open.push(c);
  return c;
};

const LEAD = {
  LastName: 'Visitor',
  FirstName: 'Vera',
  Email: 'vera@example.test',
  Company: '[not provided]',
  Chat_Transcript__c: 'Vera: hi ✓',
};

describe('SalesforceCrmClient against a fake Salesforce', () => {
  it('gets a token with the client credentials flow, then creates the Lead with it, reusing the token', async () => {
    const sf = await fakeSalesforce();
    const c = client();
    const first = await c.createLead(sf.connection, LEAD);
    expect(first).toMatchObject({ ok: true, status: 201, error: null, recordId: '00Q5g00000000001' });
    expect(Object.fromEntries(sf.tokenRequests[0]!)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'ck-123',
      client_secret: 'cs-456',
    });
    expect(sf.leads).toEqual([LEAD]);
    await c.createLead(sf.connection, { ...LEAD, LastName: 'Second' });
    expect(sf.tokenRequests).toHaveLength(1);
    expect(sf.leads).toHaveLength(2);
  });

  it('uses the refresh token flow when configured', async () => {
    const sf = await fakeSalesforce({ refreshToken: 'rt-789' });
    const result = await client().createLead({ ...sf.connection, authFlow: 'refresh_token', refreshToken: 'rt-789' }, LEAD);
    expect(result.ok).toBe(true);
    expect(Object.fromEntries(sf.tokenRequests[0]!)).toEqual({
      grant_type: 'refresh_token',
      client_id: 'ck-123',
      client_secret: 'cs-456',
      refresh_token: 'rt-789',
    });
  });

  it('asks for a new token once when Salesforce says the session expired', async () => {
    const sf = await fakeSalesforce({ expireFirstToken: true });
    const result = await client().createLead(sf.connection, LEAD);
    expect(result).toMatchObject({ ok: true, status: 201 });
    expect(sf.tokenRequests).toHaveLength(2);
    expect(sf.leads).toHaveLength(1);
  });

  it('checks a connection with a new token and lists the Lead fields records may be created with, creating nothing', async () => {
    const sf = await fakeSalesforce();
    const c = client();
    await c.createLead(sf.connection, LEAD);
    const check = await c.checkConnection(sf.connection);
    expect(check, JSON.stringify(check)).toMatchObject({
      ok: true,
      status: 200,
      error: null,
      responseSnippet: null,
      leadFields: ['Chat_Transcript__c', 'Company', 'Email', 'LastName'],
    });
    expect(sf.tokenRequests).toHaveLength(2); // the check never trusts a cached token
    expect(sf.leads).toHaveLength(1);
  });

  it('reports a refused check with the OAuth error and no Lead fields, without revealing the secret', async () => {
    const sf = await fakeSalesforce();
    const check = await client().checkConnection({ ...sf.connection, clientSecret: 'wrong-secret-value' });
    expect(check).toMatchObject({
      ok: false,
      status: 400,
      leadFields: null,
      error: 'Salesforce token request failed: the receiver answered 400',
    });
    expect(check.responseSnippet).toContain('invalid_client');
    expect(JSON.stringify(check)).not.toContain('wrong-secret-value');
    expect(check).not.toHaveProperty('recordId');
  });

  it('reports a refused token request without revealing the secret', async () => {
    const sf = await fakeSalesforce();
    const result = await client().createLead({ ...sf.connection, clientSecret: 'wrong-secret-value' }, LEAD);
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      recordId: null,
      error: 'Salesforce token request failed: the receiver answered 400',
    });
    expect(result.responseSnippet).toContain('invalid_client');
    expect(JSON.stringify(result)).not.toContain('wrong-secret-value');
    expect(sf.leads).toEqual([]);
  });

  it('reports Salesforce’s own error for a Lead it refuses', async () => {
    const sf = await fakeSalesforce();
    const result = await client().createLead(sf.connection, { Email: 'x@example.test' });
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      error: 'Salesforce refused the Lead: the receiver answered 400',
      recordId: null,
    });
    expect(result.responseSnippet).toContain('REQUIRED_FIELD_MISSING');
  });

  it('goes through the same guard as webhooks', async () => {
    const sf = await fakeSalesforce();
    const strict = new SalesforceCrmClient({ allowHttpLoopback: false });
    open.push(strict);
    const result = await strict.createLead(sf.connection, LEAD);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^Salesforce token request failed: refused: /);
    expect(sf.tokenRequests).toEqual([]);
  });
});
