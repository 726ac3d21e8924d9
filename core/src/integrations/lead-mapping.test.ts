import { describe, expect, it } from 'vitest';
import { integrationSchemas } from './schemas.js';
import {
  isLeadSourceField,
  LEAD_FIELD_NAME,
  leadSourceFieldProblem,
  mapLeadFields,
  NOT_PROVIDED,
  readLeadSource,
  transcriptText,
} from './lead-mapping.js';
import { buildSupportRequestPayload } from './payload.js';
import { sampleChat, sampleEvents } from '../../test-support/integration-fixtures.js';

const payload = buildSupportRequestPayload({
  event: 'chat.finished',
  chat: sampleChat(),
  events: sampleEvents,
  agent: { id: 'a1', name: 'Alex Agent', email: null },
});

describe('Salesforce Lead mapping', () => {
  it('fills the required and usual Lead fields by default', () => {
    expect(mapLeadFields(payload, [])).toEqual({
      FirstName: 'Vera Van',
      LastName: 'Visitor',
      Email: 'vera@example.test',
      Company: NOT_PROVIDED,
      Description: 'Where is my order?',
      LeadSource: 'Chat',
    });
  });

  it('maps payload fields, custom variables and the transcript to standard and custom fields, and fixed values', () => {
    const lead = mapLeadFields(payload, [
      { leadField: 'Company', source: { field: 'javascript_variables.plan' } },
      { leadField: 'Country', source: { field: 'country' } },
      { leadField: 'Latitude', source: { field: 'latitude' } },
      { leadField: 'Chat_Transcript__c', source: { field: 'transcript_text' } },
      { leadField: 'Agent__c', source: { field: 'agent.alias' } },
      { leadField: 'Wait_Seconds__c', source: { field: 'chat_waittime' } },
      { leadField: 'LeadSource', source: { value: 'Web Chat' } },
      { leadField: 'Is_Chat__c', source: { value: true } },
      { leadField: 'acme__Order__c', source: { field: 'javascript_variables.order.id' } },
    ]);
    expect(lead).toMatchObject({
      Company: 'gold',
      Country: 'Germany',
      Latitude: 52.52,
      Chat_Transcript__c:
        '[2026-03-01T10:02:00.000Z] Vera Van Visitor: Where is my order?\n[2026-03-01T10:04:00.000Z] Alex Agent: It ships today ✓',
      Agent__c: 'Alex Agent',
      Wait_Seconds__c: 42,
      LeadSource: 'Web Chat',
      Is_Chat__c: true,
      acme__Order__c: '42',
    });
  });

  it('never sends empty values, and keeps the required fields filled', () => {
    const anonymous = { ...payload, requested_by: null, requester_details: { name: null, email: null }, agent: null };
    const lead = mapLeadFields(anonymous, [
      { leadField: 'Agent__c', source: { field: 'agent.alias' } },
      { leadField: 'Blank__c', source: { value: '  ' } },
      { leadField: 'Nothing__c', source: { value: null } },
      { leadField: 'LastName', source: { field: 'requester_last_name' } },
      { leadField: 'Variables__c', source: { field: 'javascript_variables' } },
    ]);
    expect(lead).toEqual({ LastName: NOT_PROVIDED, Company: NOT_PROVIDED, Description: 'Where is my order?', LeadSource: 'Chat' });
  });

  it('reads fields by dotted path and answers undefined for what is not there', () => {
    expect(readLeadSource(payload, 'requester_details.email')).toBe('vera@example.test');
    expect(readLeadSource(payload, 'requester_first_name')).toBe('Vera Van');
    expect(readLeadSource(payload, 'nope.deeper')).toBeUndefined();
    expect(readLeadSource(payload, 'javascript_variables.missing')).toBeNull();
    expect(transcriptText({ transcripts: [] })).toBe('');
  });

  it('accepts Lead field API names and readable sources only', () => {
    for (const ok of ['LastName', 'Chat_Transcript__c', 'acme__Order__c', 'Field2__c']) expect(LEAD_FIELD_NAME.test(ok), ok).toBe(true);
    for (const bad of ['', '1Field', 'Bad__Name', 'has space', 'Name; DROP', 'Trailing_', 'a___b__c'])
      expect(LEAD_FIELD_NAME.test(bad), bad).toBe(false);
    expect(isLeadSourceField('country_code')).toBe(true);
    expect(isLeadSourceField('javascript_variables.plan')).toBe(true);
    expect(isLeadSourceField('javascript_variables.')).toBe(false);
    expect(isLeadSourceField('transcripts')).toBe(false);
    expect(isLeadSourceField('__proto__')).toBe(false);
    // Why not, in words: an empty page variable is asked for by name.
    expect(leadSourceFieldProblem('javascript_variables.')).toBe('Name the page variable to read.');
    expect(leadSourceFieldProblem('transcripts')).toBe('Not a support-request field a mapping can read.');
    expect(leadSourceFieldProblem(`javascript_variables.${'v'.repeat(200)}`)).toMatch(/^A page variable’s name has at most 179 characters/);
    expect(leadSourceFieldProblem('javascript_variables.plan')).toBeNull();
    const put = integrationSchemas.salesforcePut;
    expect(put.safeParse({ fieldMapping: [{ leadField: 'Notes__c', source: { field: 'description' } }] }).success).toBe(true);
    expect(put.safeParse({ fieldMapping: [{ leadField: 'Notes__c', source: { field: 'constructor' } }] }).success).toBe(false);
    expect(put.safeParse({ fieldMapping: [{ leadField: 'Notes__c', source: { field: 'description', value: 'x' } }] }).success).toBe(false);
  });
});
