/**
 * The OpenAPI descriptions of the integration routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

export const putWidgetsIntegrationsOpenApi = [
  'The first PUT needs a `url` and answers 201 with the signing secret (`secret`), the only time it is shown. `rotateSecret: true` makes a',
  'new one (shown once); the old one keeps signing for 24 hours. `authToken` is write-only (null removes it) and must be printable',
  'Latin-1, as any header value. URLs must be https to a public address or name (`localhost.` is loopback too), written out in full',
  'without spaces, control characters or credentials (400 `invalid_url`, `url_credentials`, `insecure_url`, `forbidden_address` at',
  '`/url`); the URL is saved as its WHATWG serialisation.',
].join(' ');

export const putWidgetsIntegrationsSalesforce = [
  'The first PUT needs `instanceUrl`, `clientId` and `clientSecret` (a Connected App with the OAuth 2.0 client credentials flow), or',
  '`authFlow: "refresh_token"` with a `refreshToken`. `instanceUrl` follows the same rules as webhook URLs and is saved as its origin.',
  'Secrets are write-only and sealed at rest. After each chosen event a Lead is created through the outbox, retried like webhooks.',
].join(' ');

export const getAccountDeliveries = [
  'Mails that concern no widget. Each is a delivery with `target: "email"`; one with a sign-in link keeps its message sealed (`payload:',
  '{sealed}`). `skipped` means the server has no mail transport (`PARLEY_SMTP_URL`).',
].join(' ');

export const postWidgetsIntegrationsOpenApiTest = [
  'Queues a sample `offline_request.created` support request (visitor `visitor@example.com`, id `test-<delivery id>`,',
  'a description saying it is a test) to the endpoint, signed and retried like any delivery, even while the integration',
  'is disabled or not subscribed to that event. Its tries show in the delivery log.',
].join(' ');

export const postWidgetsIntegrationsSalesforceTest = [
  'Answers 200 with what happened (`ok: false` and the reason when Salesforce refused the credentials or could not',
  'be reached) and, when it worked, the Lead fields records may be created with, for the mapping editor. Not audited.',
].join(' ');
