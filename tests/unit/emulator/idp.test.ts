import { describe, expect, it } from 'vitest';
import { handleOpenApi } from '../../../emulator/openapi';
import { createEmulatorState } from '../../../emulator/state';
import { registerIdpClient, registerIdpUser } from '../../../emulator/idp';

describe('the emulator IdP: clients and users', () => {
  it('registers through plain functions on the state, and through the control API', async () => {
    const state = createEmulatorState({ preloadMocks: false });
    registerIdpClient(state.idp, { clientId: 'c1', clientSecret: 's1', redirectUris: ['http://app.test/cb'] });
    const u = registerIdpUser(state.idp, { userName: 'alice' });
    expect(u.sub).toMatch(/^u-[0-9a-f]{16}$/);
    expect(registerIdpUser(state.idp, { userName: 'erin', claims: { sub: 'erin', email: 'e@x' } })).toEqual({ userName: 'erin', sub: 'erin', claims: { email: 'e@x' } });

    const post = (url: string, body: unknown) => handleOpenApi({ method: 'POST', url, headers: {}, body: JSON.stringify(body) }, state);
    const created = await post('/emulator/idp/clients', { clientId: 'c2', clientSecret: 's2', redirectUris: ['http://app.test/cb'] });
    expect(created.status).toBe(201);
    expect(created.body).not.toContain('s2'); // the secret is not echoed
    expect((await post('/emulator/idp/clients', { clientId: 'c3' })).status).toBe(400);
    expect((await post('/emulator/idp/users', { userName: 'bob', claims: { name: 'Bob' } })).status).toBe(201);
    const clients = JSON.parse((await handleOpenApi({ method: 'GET', url: '/emulator/idp/clients', headers: {}, body: '' }, state)).body);
    expect(clients.clients.map((c: { clientId: string }) => c.clientId)).toEqual(['c1', 'c2']);
    const users = JSON.parse((await handleOpenApi({ method: 'GET', url: '/emulator/idp/users', headers: {}, body: '' }, state)).body);
    expect(users.users.map((x: { userName: string }) => x.userName)).toEqual(['alice', 'erin', 'bob']);
  });
});
