/** Who may see and change which lead: branches, roles, and refusals that reveal nothing. */
import { describe, expect, it } from 'vitest';
import type { MeResponse, UsersResponse } from '../../shared/protocol';
import { createLead, ops, startServer, STORE_KINDS, type StoreKind } from './support';

async function branches(kind: StoreKind) {
  const server = await startServer(kind);
  const cairoAgent = await server.user('Amal', 'agent', ['cairo']);
  const gizaAgent = await server.user('Ghada', 'agent', ['giza']);
  const cairoColleague = await server.user('Basem', 'agent', ['cairo']);
  const manager = await server.user('Mariam', 'manager', ['cairo', 'giza']);
  return { server, cairoAgent, gizaAgent, cairoColleague, manager };
}

describe.each(STORE_KINDS)('scope and rights on %s', (kind) => {
  it('a branch-A agent can neither read nor write a branch-B lead, and cannot tell it exists', async () => {
    const { cairoAgent, gizaAgent } = await branches(kind);
    const gizaLead = await createLead(gizaAgent, { name: 'Giza secret' });
    const feed = JSON.stringify((await cairoAgent.pullAll()).items);
    expect(feed).not.toContain(gizaLead.id);
    expect(feed).not.toContain('Giza secret');

    const missing = '01939b1e-0000-7000-8000-000000000001';
    const attempts = (id: string) => [
      ops.updateLead(id, { name: { value: 'x', base: 'Giza secret' } }, 1),
      ops.deleteLead(id, 1),
      ops.logCall(id),
      ops.addNote(id),
      ops.createTask(id),
    ];
    const onReal = await cairoAgent.push(attempts(gizaLead.id));
    const onMissing = await cairoAgent.push(attempts(missing));
    // Same answer whether the lead exists or not.
    expect(onReal).toEqual(onMissing.map((r, i) => ({ ...r, opId: onReal[i]!.opId })));
    expect(onReal.every((r) => r.status === 'rejected' && r.code === 'not_found')).toBe(true);
    // Creating a lead straight into another branch is refused too.
    const [create] = await cairoAgent.push([ops.createLead({ branchId: 'giza' })]);
    expect(create).toMatchObject({ status: 'rejected', code: 'not_allowed' });
    expect((await gizaAgent.visibleLeads()).get(gizaLead.id)).toMatchObject({ name: 'Giza secret', version: 1 });
  });

  it('an agent cannot reassign a lead or delete a colleague’s lead; a manager can', async () => {
    const { cairoAgent, cairoColleague, manager } = await branches(kind);
    const lead = await createLead(cairoColleague);
    const refused = await cairoAgent.push([
      ops.updateLead(lead.id, { ownerId: { value: cairoAgent.userId, base: cairoColleague.userId } }, 1),
      ops.updateLead(lead.id, { branchId: { value: 'giza', base: 'cairo' } }, 1),
      ops.deleteLead(lead.id, 1),
    ]);
    expect(refused.map((r) => r.status === 'rejected' && r.code)).toEqual(['not_allowed', 'not_allowed', 'not_allowed']);
    const [assign] = await manager.push([ops.updateLead(lead.id, { ownerId: { value: cairoAgent.userId, base: cairoColleague.userId } }, 1)]);
    expect(assign).toMatchObject({ status: 'applied', version: 2 });
    // Now the owner, the agent may delete it.
    expect((await cairoAgent.push([ops.deleteLead(lead.id, 2)]))[0]).toMatchObject({ status: 'applied', version: 3 });
  });

  it('moving a lead to another branch removes it, with its history, from the old branch’s pulls', async () => {
    const { cairoAgent, gizaAgent, manager } = await branches(kind);
    const lead = await createLead(cairoAgent);
    await cairoAgent.push([ops.logCall(lead.id), ops.addNote(lead.id)]);
    const { cursor } = await cairoAgent.pullAll();
    const gizaBefore = await gizaAgent.pullAll();

    const [move] = await manager.push([ops.updateLead(lead.id, { branchId: { value: 'giza', base: 'cairo' } }, 1)]);
    expect(move).toMatchObject({ status: 'applied', version: 2 });

    const cairoLater = await cairoAgent.pullAll(cursor);
    expect(cairoLater.items).toEqual([expect.objectContaining({ kind: 'lead_removed', leadId: lead.id })]);
    expect(await cairoAgent.visibleLeads()).not.toHaveProperty(lead.id);
    const gizaLater = (await gizaAgent.pullAll(gizaBefore.cursor)).items.map((i) => i.kind);
    expect(gizaLater).toEqual(expect.arrayContaining(['lead', 'call_log', 'lead_note', 'lead_event']));
    expect((await gizaAgent.visibleLeads()).get(lead.id)).toMatchObject({ branchId: 'giza' });
    // And the old branch can no longer write to it.
    expect((await cairoAgent.push([ops.addNote(lead.id)]))[0]).toMatchObject({ status: 'rejected', code: 'not_found' });
  });

  it('a manager may move leads only into their own branches', async () => {
    const { server, cairoAgent } = await branches(kind);
    const cairoManager = await server.user('Sami', 'manager', ['cairo']);
    const lead = await createLead(cairoAgent);
    const [move] = await cairoManager.push([ops.updateLead(lead.id, { branchId: { value: 'alex', base: 'cairo' } }, 1)]);
    expect(move).toMatchObject({ status: 'rejected', code: 'not_allowed' });
  });

  it('me and users answer for the caller’s branches; no token, a wrong one or a revoked one is 401', async () => {
    const { server, cairoAgent, cairoColleague, manager } = await branches(kind);
    const me = await cairoAgent.request<MeResponse>('GET', '/v1/me');
    expect(me.body).toMatchObject({ user: { id: cairoAgent.userId, name: 'Amal' }, role: 'agent', branches: ['cairo'], serverTime: expect.any(String) });
    const users = await cairoAgent.request<UsersResponse>('GET', '/v1/users');
    expect(users.body.users.map((u) => u.name).sort()).toEqual(['Amal', 'Basem', 'Mariam']);

    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: cairoAgent.token }];
    for (const headers of attempts) {
      const res = await fetch(`${server.url}/v1/me`, { headers });
      expect(res.status).toBe(401);
    }
    await server.store.db.updateTable('users').set({ revoked: 1 }).where('id', '=', cairoColleague.userId).execute();
    expect((await cairoColleague.request('GET', '/v1/pull')).status).toBe(401);
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
    expect(manager).toBeTruthy();
  });

  it('a client id stays bound to the first user who pushed with it', async () => {
    const { cairoAgent, cairoColleague } = await branches(kind);
    await cairoAgent.push([ops.createLead()]);
    const reply = await cairoColleague.request('POST', '/v1/push', { clientId: cairoAgent.clientId, payloadVersion: 1, ops: [ops.createLead()] });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ error: { code: 'forbidden' } });
    expect((await cairoColleague.pullAll()).items.filter((i) => i.kind === 'lead')).toHaveLength(1);
  });
});
