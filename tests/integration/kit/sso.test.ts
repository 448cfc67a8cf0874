import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../../emulator/server';
import { createEmulatorState, type EmulatorState } from '../../../emulator/state';
import { registerIdpClient, registerIdpUser } from '../../../emulator/idp';
import { formatKitTime } from '../../../lib/kit/time';
import { beginSignOn, clearDiscoveryCache, completeSignOn, listSignOnApps, openFlow, recheckSession, type SsoDeps } from '../../../lib/kit/sso';
import { ssoDeps } from '../../../lib/kit/ssoRoute';
import type { Runtime } from '../../../lib/runtime';
import { readTenantCookie } from '../../../lib/tenants/session';
import { encryptClientSecret, kitCall, useTestRuntime } from '../helpers/runtime';

/**
 * "Sign in with Huawei Cloud" (issue 9): lib/kit/sso.ts against the emulator's IdP (oidc-provider, emulator/idp.ts)
 * over real HTTP — the browser's part played with fetch, redirects followed by hand, the login form posted — and the
 * directory filled through the kit interfaces.
 */

/** the describe's test runtime (a proxy that stands for it once started) */
let rt: Runtime;
let emulator: EmulatorServer;
let state: EmulatorState;
let deps: SsoDeps;

const INSTANCE = `sso-inst-${Date.now().toString(36)}`;
const KIT_TENANT = 'kit-tenant-1';
const APP = 'app-sso';
const PAGE_TENANT = { id: 'pageTenant1', instanceId: INSTANCE };
const CLIENT = { clientId: 'client-sso', clientSecret: 'client-secret-sso' };
let n = 0;
const ts = () => formatKitTime(new Date(Date.now() - 120_000 + ++n * 1000));

async function kit(name: string, body: Record<string, unknown>) {
  const out = await kitCall(rt, name, { body });
  expect(out.json, `${name}: ${out.body}`).toMatchObject({ resultCode: '000000' });
}

async function authorise(flag: number, users: { userName: string; enable?: string }[]) {
  const t = ts();
  await kit('authSync', {
    instanceId: INSTANCE, tenantId: KIT_TENANT, appId: APP, flag, testFlag: 1, currentSyncTime: t, timeStamp: t,
    userList: users.map((u) => ({ userName: u.userName, name: u.userName, role: 'user', enable: u.enable ?? 'true' })),
  });
}

/** A browser's cookie jar, as little of one as the IdP needs. */
class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function go(jar: Jar, url: string, init: RequestInit = {}) {
  const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() }, signal: AbortSignal.timeout(5000) });
  jar.take(res);
  return res;
}

/**
 * The browser at the IdP: from the authorisation URL to the redirect back to the app (the callback URL, not fetched:
 * the app's side is completeSignOn). `as` is the user name typed at the IdP, or 'cancel' to press Cancel.
 */
async function atIdp(authorizationUrl: string, as: string | 'cancel'): Promise<URL> {
  const jar = new Jar();
  let res = await go(jar, authorizationUrl);
  expect(res.status, await res.clone().text()).toBe(303);
  const loginUrl = new URL(res.headers.get('location')!, authorizationUrl);
  expect(loginUrl.pathname).toMatch(/^\/idp\/interaction\//);
  res = await go(jar, loginUrl.href);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('User name');
  res = await go(jar, `${loginUrl.href}/${as === 'cancel' ? 'abort' : 'login'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: as === 'cancel' ? '' : new URLSearchParams({ userName: as }).toString(),
  });
  // interaction finished → the provider's resume endpoint → the redirect URI
  for (let hops = 0; hops < 5; hops++) {
    expect([302, 303], await res.clone().text()).toContain(res.status);
    const next = new URL(res.headers.get('location')!, emulator.url);
    if (next.origin === 'http://tenant.test') return next;
    res = await go(jar, next.href);
  }
  throw new Error('too many redirects at the IdP');
}

/** The whole sign-in as `as`; the callback completed by the app. */
async function signIn(as: string | 'cancel', app = APP) {
  const begun = await beginSignOn(deps, PAGE_TENANT, KIT_TENANT, app);
  if ('refusal' in begun) return begun;
  const callback = await atIdp(begun.ok.authorizationUrl, as);
  expect(callback.pathname).toBe(`/t/${PAGE_TENANT.id}/sso/callback`);
  return completeSignOn(deps, PAGE_TENANT, callback.searchParams, begun.ok.flowCookie);
}

describe('Sign in with Huawei Cloud, against the emulator IdP', () => {
  rt = useTestRuntime({ PUBLIC_URL: 'http://tenant.test' }, { workers: false });
  beforeAll(async () => {
    state = createEmulatorState({ preloadMocks: false });
    emulator = await startEmulatorServer({ state });
    deps = ssoDeps(rt);
    registerIdpClient(state.idp, { ...CLIENT, redirectUris: [`http://tenant.test/t/${PAGE_TENANT.id}/sso/callback`] });
    for (const u of ['alice', 'bob', 'carol', 'dave', 'mallory']) registerIdpUser(state.idp, { userName: u });
    // erin's ID token carries her login name as its subject (the other users' `sub` is an opaque id)
    registerIdpUser(state.idp, { userName: 'erin', claims: { sub: 'erin' } });

    const base = { instanceId: INSTANCE, tenantId: KIT_TENANT, testFlag: 1 };
    await kit('tenantSync', { ...base, orderId: 'O-sso', tenantCode: 'acme', name: 'Acme', domainName: `${emulator.url}/idp/`, flag: 1, timeStamp: ts() });
    await kit('applicationSync', { ...base, appId: APP, clientId: CLIENT.clientId, clientSecret: encryptClientSecret(CLIENT.clientSecret), flag: 1, timeStamp: ts() });
    await authorise(1, [{ userName: 'alice' }, { userName: 'bob' }, { userName: 'carol', enable: 'false' }, { userName: 'dave' }, { userName: 'erin' }]);
    await authorise(3, [{ userName: 'bob' }]); // 取消授权
    await authorise(0, [{ userName: 'dave' }]); // deleted
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => {
    clearDiscoveryCache();
    state.idp.oneAccessDiscovery = true;
  });

  it('the tenant page lists the application that can sign users on', async () => {
    expect(await listSignOnApps(rt.prisma, INSTANCE)).toEqual([{ kitTenantId: KIT_TENANT, appId: APP, clientId: CLIENT.clientId }]);
    expect(await listSignOnApps(rt.prisma, 'no-such-instance')).toEqual([]);
  });

  it('builds an authorisation URL with PKCE S256, state and nonce, and seals them in the flow cookie', async () => {
    const begun = await beginSignOn(deps, PAGE_TENANT, KIT_TENANT, APP);
    if (!('ok' in begun)) throw new Error(JSON.stringify(begun));
    const url = new URL(begun.ok.authorizationUrl);
    expect(url.href.startsWith(`${emulator.url}/idp/auth?`)).toBe(true);
    const q = url.searchParams;
    expect(q.get('client_id')).toBe(CLIENT.clientId);
    expect(q.get('redirect_uri')).toBe(`http://tenant.test/t/${PAGE_TENANT.id}/sso/callback`);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('scope')).toBe('openid profile');
    const flow = openFlow(deps.sessionSecret, PAGE_TENANT.id, begun.ok.flowCookie)!;
    expect(flow).toMatchObject({ state: q.get('state'), nonce: q.get('nonce'), appId: APP, kitTenantId: KIT_TENANT });
    expect(begun.ok.flowCookie).not.toContain(flow.codeVerifier);
    expect(openFlow(deps.sessionSecret, 'otherTenant', begun.ok.flowCookie)).toBeUndefined();
  });

  it('an authorised user gets in (login name from userinfo), with a tenant cookie saying who', async () => {
    const done = await signIn('alice');
    if (!('ok' in done)) throw new Error(JSON.stringify(done));
    expect(done.ok).toMatchObject({ userName: 'alice', appId: APP, claim: 'userinfo.userName' });
    expect(readTenantCookie(deps.sessionSecret, PAGE_TENANT.id, done.ok.sessionCookie)).toEqual({ via: 'huawei', userName: 'alice', appId: APP, kitTenantId: KIT_TENANT });
  });

  it('a user whose ID token names them gets in without userinfo', async () => {
    const done = await signIn('erin');
    expect(done).toMatchObject({ ok: { userName: 'erin', claim: 'id_token.sub' } });
  });

  it('refuses a deauthorised (authSync flag 3), a disabled, a deleted and an unknown user, each with its reason', async () => {
    expect(await signIn('bob')).toEqual({ refusal: 'deauthorised', userName: 'bob' });
    expect(await signIn('carol')).toEqual({ refusal: 'disabled', userName: 'carol' });
    expect(await signIn('dave')).toEqual({ refusal: 'deleted', userName: 'dave' });
    expect(await signIn('mallory')).toEqual({ refusal: 'not_authorised' });
  });

  it('Cancel at the IdP is refused as cancelled', async () => {
    expect(await signIn('cancel')).toEqual({ refusal: 'cancelled' });
  });

  it('a state that is not the flow cookie’s, a missing or foreign flow cookie are refused', async () => {
    const begun = await beginSignOn(deps, PAGE_TENANT, KIT_TENANT, APP);
    if (!('ok' in begun)) throw new Error(JSON.stringify(begun));
    const callback = await atIdp(begun.ok.authorizationUrl, 'alice');
    const forged = new URLSearchParams(callback.searchParams);
    forged.set('state', 'attacker-state');
    expect(await completeSignOn(deps, PAGE_TENANT, forged, begun.ok.flowCookie)).toEqual({ refusal: 'state_mismatch' });
    expect(await completeSignOn(deps, PAGE_TENANT, callback.searchParams, undefined)).toEqual({ refusal: 'state_mismatch' });
    const other = await beginSignOn(deps, PAGE_TENANT, KIT_TENANT, APP);
    if (!('ok' in other)) throw new Error(JSON.stringify(other));
    expect(await completeSignOn(deps, PAGE_TENANT, callback.searchParams, other.ok.flowCookie)).toEqual({ refusal: 'state_mismatch' });
    // the genuine pair still works (the code was not spent by the refusals)
    expect(await completeSignOn(deps, PAGE_TENANT, callback.searchParams, begun.ok.flowCookie)).toMatchObject({ ok: { userName: 'alice' } });
    // and a code is good once
    expect(await completeSignOn(deps, PAGE_TENANT, callback.searchParams, begun.ok.flowCookie)).toEqual({ refusal: 'idp_refused' });
  });

  it('falls back to /.well-known/openid-configuration when the OneAccess path does not answer; a configured path is the only one tried', async () => {
    state.idp.oneAccessDiscovery = false;
    expect(await signIn('alice')).toMatchObject({ ok: { userName: 'alice' } });
    clearDiscoveryCache();
    const configured = { ...deps, discoveryPath: '/api/v1/oauth2/.well-known/openid-configuration' };
    expect(await beginSignOn(configured, PAGE_TENANT, KIT_TENANT, APP)).toEqual({ refusal: 'idp_unreachable' });
  });

  it('a wrong client secret is the IdP refusing; an unreachable IdP, a missing application and a bad secret say so', async () => {
    registerIdpClient(state.idp, { clientId: CLIENT.clientId, clientSecret: 'rotated', redirectUris: [`http://tenant.test/t/${PAGE_TENANT.id}/sso/callback`] });
    try {
      expect(await signIn('alice')).toEqual({ refusal: 'idp_refused' });
    } finally {
      registerIdpClient(state.idp, { ...CLIENT, redirectUris: [`http://tenant.test/t/${PAGE_TENANT.id}/sso/callback`] });
    }
    expect(await beginSignOn(deps, PAGE_TENANT, KIT_TENANT, 'no-such-app')).toEqual({ refusal: 'app_missing' });
    expect(await beginSignOn(deps, { ...PAGE_TENANT, released: true }, KIT_TENANT, APP)).toEqual({ refusal: 'released' });

    await kit('tenantSync', { instanceId: INSTANCE, tenantId: 'kit-tenant-down', orderId: 'O-2', tenantCode: 'down', name: 'Down', domainName: 'http://127.0.0.1:9/idp', flag: 1, testFlag: 1, timeStamp: ts() });
    await kit('applicationSync', { instanceId: INSTANCE, tenantId: 'kit-tenant-down', appId: APP, clientId: 'c', clientSecret: encryptClientSecret('s'), flag: 1, testFlag: 1, timeStamp: ts() });
    expect(await beginSignOn(deps, PAGE_TENANT, 'kit-tenant-down', APP)).toEqual({ refusal: 'idp_unreachable' });

    await rt.prisma.kitApplication.update({ where: { instanceId_tenantId_appId: { instanceId: INSTANCE, tenantId: 'kit-tenant-down', appId: APP } }, data: { clientSecret: 'v1.garbage.x.y' } });
    expect(await beginSignOn(deps, PAGE_TENANT, 'kit-tenant-down', APP)).toEqual({ refusal: 'secret_unreadable' });
  });

  it('a signed-in user whose authorisation is cancelled afterwards is signed out on the next view', async () => {
    const done = await signIn('erin');
    if (!('ok' in done)) throw new Error(JSON.stringify(done));
    const session = readTenantCookie(deps.sessionSecret, PAGE_TENANT.id, done.ok.sessionCookie);
    if (session?.via !== 'huawei') throw new Error('not an IdP session');
    expect(await recheckSession(rt.prisma, INSTANCE, session)).toBeUndefined();
    await authorise(3, [{ userName: 'erin' }]);
    expect(await recheckSession(rt.prisma, INSTANCE, session)).toBe('deauthorised');
    expect(await recheckSession(rt.prisma, INSTANCE, { ...session, appId: 'gone' })).toBe('app_missing');
  });
});
