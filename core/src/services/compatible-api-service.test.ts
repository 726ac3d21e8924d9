import { describe, expect, it } from 'vitest';
import { expectParleyError, makeWorld, META, snapshot } from '../../test-support/fakes.js';

describe('a status set through an API token', () => {
  it('is audited with the token as the actor, and names no user as its author on the bus', async () => {
    const w = await makeWorld();
    const agent = await w.addUser('agent', 'Alex Agent');
    const { token, secret } = await w.parley.compatible.createToken(w.owner, { label: 'Rota script' });
    const p = await w.parley.compatible.authenticate(w.account.id, secret, META);
    w.published.length = 0;
    const v = await w.parley.compatible.setAgentStatus(p, agent.user.email, { status: 'paused', reason: 'Lunch' });
    expect(v).toMatchObject({ userId: agent.user.id, email: agent.user.email, status: 'paused', reason: 'Lunch' });
    const [entry] = (await w.parley.audit.list(w.owner, { type: 'agent' })).items;
    expect(entry).toMatchObject({
      action: 'agent.status_set',
      targetId: agent.user.id,
      actor: { kind: 'api_token', userId: null, email: null, apiTokenId: token.id },
    });
    expect(w.published.find((e) => e.type === 'agent.status')!.data).toMatchObject({ userId: agent.user.id, status: 'paused', by: null });
  });
});

describe('API token authentication', () => {
  it('refuses malformed, unknown and revoked tokens as unauthenticated, and another account’s as forbidden', async () => {
    const w = await makeWorld();
    const { token, secret } = await w.parley.compatible.createToken(w.owner, { label: 'Script' });
    await expectParleyError(w.parley.compatible.authenticate(w.account.id, 'short', META), 'unauthenticated');
    await expectParleyError(w.parley.compatible.authenticate(w.account.id, 'x'.repeat(43), META), 'unauthenticated');
    await expectParleyError(w.parley.compatible.authenticate('another-account', secret, META), 'forbidden');
    await w.parley.compatible.revokeToken(w.owner, token.id);
    await expectParleyError(w.parley.compatible.authenticate(w.account.id, secret, META), 'unauthenticated');
  });

  it('gives a token no say over tokens, and lets agents and supervisors manage none, changing nothing', async () => {
    const w = await makeWorld();
    const { secret } = await w.parley.compatible.createToken(w.owner, { label: 'Script' });
    const p = await w.parley.compatible.authenticate(w.account.id, secret, META);
    const sup = await w.addUser('supervisor');
    const before = await snapshot(w, w.account.id);
    await expectParleyError(w.parley.compatible.createToken(p, { label: 'More' }), 'forbidden');
    await expectParleyError(w.parley.compatible.createToken(sup.p, { label: 'More' }), 'forbidden');
    await expectParleyError(w.parley.compatible.listTokens(p), 'forbidden');
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });
});
