/** Test helper (not exported): a fake Salesforce org on 127.0.0.1. */
import type { CrmConnection } from '@parley/core';
import { startReceiver, type Received, type Receiver } from './receiver.js';

/**
 * A fake Salesforce org: checks the OAuth token request and the Lead request the way Salesforce does
 * (form-encoded grant, Bearer token, JSON body), and remembers every Lead.
 */
export const startFakeSalesforce = async (
  opts: { clientId?: string; clientSecret?: string; refreshToken?: string; expireFirstToken?: boolean } = {},
) => {
  const clientId = opts.clientId ?? 'ck-123';
  const clientSecret = opts.clientSecret ?? 'cs-456';
  const leads: Record<string, unknown>[] = [];
  const tokenRequests: URLSearchParams[] = [];
  let issued = 0;
  const valid = new Set<string>();
  const json = (res: Parameters<Parameters<Receiver['handle']>[0]>[1], status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = await startReceiver((req: Received, res) => {
    if (req.method === 'POST' && req.url === '/services/oauth2/token') {
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded')
        return json(res, 400, { error: 'unsupported_grant_type', error_description: 'form body expected' });
      const form = new URLSearchParams(req.body);
      tokenRequests.push(form);
      const grant = form.get('grant_type');
      const clientOk = form.get('client_id') === clientId && form.get('client_secret') === clientSecret;
      const grantOk =
        grant === 'client_credentials' ||
        (grant === 'refresh_token' && opts.refreshToken !== undefined && form.get('refresh_token') === opts.refreshToken);
      if (!clientOk || !grantOk) return json(res, 400, { error: 'invalid_client', error_description: 'invalid client credentials' });
      const token = `00Dxx0000001gPL!AR8AQ.token-${++issued}`;
      if (!(opts.expireFirstToken && issued === 1)) valid.add(token);
      return json(res, 200, {
        access_token: token,
        instance_url: server.url,
        id: `${server.url}/id/00D/005`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
        signature: 'sig',
      });
    }
    if (req.method === 'POST' && req.url === '/services/data/v62.0/sobjects/Lead/') {
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!auth || !valid.has(auth)) return json(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      if (req.headers['content-type'] !== 'application/json')
        return json(res, 415, [{ errorCode: 'UNSUPPORTED_MEDIA_TYPE', message: 'JSON expected' }]);
      const lead = JSON.parse(req.body) as Record<string, unknown>;
      if (!lead.LastName || !lead.Company)
        return json(res, 400, [
          { message: 'Required fields are missing: [LastName, Company]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] },
        ]);
      leads.push(lead);
      return json(res, 201, { id: `00Q5g00000${String(leads.length).padStart(6, '0')}`, success: true, errors: [] });
    }
    if (req.method === 'GET' && req.url === '/services/data/v62.0/sobjects/Lead/describe') {
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!auth || !valid.has(auth)) return json(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      const field = (name: string, createable = true) => ({ name, label: name, type: 'string', createable });
      return json(res, 200, {
        name: 'Lead',
        fields: [
          field('Id', false),
          field('LastName'),
          field('Company'),
          field('Email'),
          field('Chat_Transcript__c'),
          field('CreatedDate', false),
        ],
      });
    }
    json(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  });
  const connection: CrmConnection = {
    key: 'widget-1:1',
    instanceUrl: server.url,
    apiVersion: 'v62.0',
    authFlow: 'client_credentials',
    clientId,
    clientSecret,
    refreshToken: null,
  };
  return { server, leads, tokenRequests, connection };
};
