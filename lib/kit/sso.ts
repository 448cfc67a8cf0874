import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { PrismaClient } from '../db/client';
import { log } from '../log';
import { decryptAtRest, encryptAtRest } from '../secrets';
import { tenantSsoCookieValue } from '../tenants/session';

/**
 * "Sign in with Huawei Cloud" on the built-in tenant page (issue 9, spec §3.12 "SSO afterwards"): an OpenID Connect
 * authorisation-code flow with PKCE (S256), state and nonce against the joint-operation tenant's IdP (OneAccess),
 * through openid-client, with the clientId / clientSecret that applicationSync delivered. Only a user that authSync
 * authorised for that application, enabled and not cancelled, gets in; the others are told why.
 *
 * The route handlers (app/t/[tenantId]/sso/…) only carry cookies and redirects; everything else is here, so the tests
 * drive it without HTTP on the app's side.
 */

/** OneAccess's documented discovery path (below the tenant's domainName), then the OIDC default. */
export const DEFAULT_DISCOVERY_PATHS = ['/api/v1/oauth2/.well-known/openid-configuration', '/.well-known/openid-configuration'] as const;
/** seconds any request to the IdP may take */
export const IDP_TIMEOUT_SECONDS = 5;
/** how long a started sign-in may take (the flow cookie's life) */
export const FLOW_TTL_MS = 10 * 60_000;
const METADATA_TTL_MS = 10 * 60_000;
const METADATA_CACHE_MAX = 500;

/** Why a sign-in was refused; the tenant page says each in words (lib/i18n/messages/tenantPage.ts). */
export const SSO_REFUSALS = [
  'not_authorised',
  'deauthorised',
  'disabled',
  'deleted',
  'cancelled',
  'idp_refused',
  'app_missing',
  'secret_unreadable',
  'idp_unreachable',
  'state_mismatch',
  'released',
  'failed',
] as const;
export type SsoRefusal = (typeof SSO_REFUSALS)[number];
export const isSsoRefusal = (v: unknown): v is SsoRefusal => typeof v === 'string' && (SSO_REFUSALS as readonly string[]).includes(v);

export interface SsoDeps {
  prisma: PrismaClient;
  /** runtime secrets.encryptionKey: the client secret is kept encrypted with it */
  encryptionKey: string;
  /** runtime secrets.sessionSecret: signs the tenant cookie and seals the flow cookie */
  sessionSecret: string;
  /** config.publicUrl: the redirect URI's base */
  publicUrl: string;
  /** config.kitOidcDiscoveryPath */
  discoveryPath?: string;
  /** tests: replaces fetch for every request to the IdP */
  fetch?: oidc.CustomFetch;
}

/** The tenant page's tenant, as far as sign-on needs it. */
export interface SsoTenant {
  id: string;
  instanceId: string;
  released?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// the directory

export interface SignOnApp {
  kitTenantId: string;
  appId: string;
  clientId: string;
}

/** The applications of the instance's kit tenants that can sign users on: not deleted, with a client id and secret. */
export async function listSignOnApps(prisma: PrismaClient, instanceId: string): Promise<SignOnApp[]> {
  const tenants = await prisma.kitTenant.findMany({ where: { instanceId, deleted: false, domainName: { not: null } }, select: { tenantId: true } });
  if (!tenants.length) return [];
  const apps = await prisma.kitApplication.findMany({
    where: { instanceId, tenantId: { in: tenants.map((t) => t.tenantId) }, deleted: false, clientId: { not: null }, clientSecret: { not: null } },
    select: { tenantId: true, appId: true, clientId: true },
    orderBy: [{ tenantId: 'asc' }, { appId: 'asc' }],
    take: 20,
  });
  return apps.map((a) => ({ kitTenantId: a.tenantId, appId: a.appId, clientId: a.clientId! }));
}

export interface ResolvedApp extends SignOnApp {
  instanceId: string;
  clientSecret: string;
  domainName: string;
}

/** The application a sign-in is for, its secret decrypted; or why it cannot sign anyone in. */
export async function resolveApp(
  deps: Pick<SsoDeps, 'prisma' | 'encryptionKey'>,
  instanceId: string,
  kitTenantId: string,
  appId: string,
): Promise<{ ok: ResolvedApp } | { refusal: 'app_missing' | 'secret_unreadable' }> {
  const [tenant, app] = await Promise.all([
    deps.prisma.kitTenant.findUnique({ where: { instanceId_tenantId: { instanceId, tenantId: kitTenantId } } }),
    deps.prisma.kitApplication.findUnique({ where: { instanceId_tenantId_appId: { instanceId, tenantId: kitTenantId, appId } } }),
  ]);
  if (!tenant || tenant.deleted || !tenant.domainName || !app || app.deleted || !app.clientId || !app.clientSecret) return { refusal: 'app_missing' };
  let clientSecret: string;
  try {
    clientSecret = decryptAtRest(deps.encryptionKey, app.clientSecret);
  } catch (err) {
    log.warn('sso: the application secret could not be decrypted', { instanceId, tenantId: kitTenantId, appId, err: (err as Error).message });
    return { refusal: 'secret_unreadable' };
  }
  return { ok: { instanceId, kitTenantId, appId, clientId: app.clientId, clientSecret, domainName: tenant.domainName } };
}

/** Claims that may carry the login name, in the order they are tried (OneAccess's own is not documented for certain). */
export const NAME_CLAIMS = ['userName', 'preferred_username', 'username', 'sub'] as const;

export interface ClaimCandidate {
  claim: string;
  value: string;
  source: 'id_token' | 'userinfo';
}

/** The login-name candidates in a claim set, in NAME_CLAIMS order, one per distinct value. */
export function nameCandidates(claims: Record<string, unknown> | undefined, source: ClaimCandidate['source']): ClaimCandidate[] {
  const out: ClaimCandidate[] = [];
  for (const claim of NAME_CLAIMS) {
    const v = claims?.[claim];
    if (typeof v === 'string' && v.length > 0 && v.length <= 255 && !out.some((c) => c.value === v)) out.push({ claim, value: v, source });
  }
  return out;
}

export type DirectoryVerdict =
  | { ok: true; userName: string; match: ClaimCandidate }
  | { ok: false; refusal: 'deauthorised' | 'disabled' | 'deleted'; userName: string; match: ClaimCandidate }
  | { ok: false; refusal: 'not_authorised'; userName?: undefined; match?: undefined };

/** The directory's word on the first candidate it knows for this application: authorised (active and enabled) or why not. */
export async function directoryVerdict(
  prisma: PrismaClient,
  app: { instanceId: string; kitTenantId: string; appId: string },
  candidates: ClaimCandidate[],
): Promise<DirectoryVerdict> {
  if (!candidates.length) return { ok: false, refusal: 'not_authorised' };
  const rows = await prisma.kitUser.findMany({
    where: { instanceId: app.instanceId, tenantId: app.kitTenantId, appId: app.appId, userName: { in: candidates.map((c) => c.value) } },
    select: { userName: true, status: true, enabled: true },
  });
  for (const match of candidates) {
    const row = rows.find((r) => r.userName === match.value);
    if (!row) continue;
    if (row.status === 'deauthorised') return { ok: false, refusal: 'deauthorised', userName: row.userName, match };
    if (row.status !== 'active') return { ok: false, refusal: 'deleted', userName: row.userName, match };
    if (!row.enabled) return { ok: false, refusal: 'disabled', userName: row.userName, match };
    return { ok: true, userName: row.userName, match };
  }
  return { ok: false, refusal: 'not_authorised' };
}

// ---------------------------------------------------------------------------------------------------------------
// discovery

/** The discovery URLs to try for a domainName, or undefined when it is not an http(s) URL. */
export function discoveryUrls(domainName: string, configuredPath?: string): URL[] | undefined {
  let base: URL;
  try {
    base = new URL(domainName.trim());
  } catch {
    return undefined;
  }
  if ((base.protocol !== 'https:' && base.protocol !== 'http:') || base.username || base.password) return undefined;
  const root = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const paths = configuredPath ? [configuredPath.startsWith('/') ? configuredPath : `/${configuredPath}`] : [...DEFAULT_DISCOVERY_PATHS];
  return paths.map((p) => new URL(root + p));
}

const metadataCache = new Map<string, { at: number; metadata: oidc.ServerMetadata; url: string }>();

/** tests only */
export function clearDiscoveryCache(): void {
  metadataCache.clear();
}

class Unreachable extends Error {}

function fetchOptions(deps: Pick<SsoDeps, 'fetch'>, url: URL) {
  return {
    timeout: IDP_TIMEOUT_SECONDS,
    ...(deps.fetch ? { [oidc.customFetch]: deps.fetch } : {}),
    // the emulator's IdP (and a test installation's) is plain http; a real OneAccess domain is https
    ...(url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
  };
}

/** The IdP's metadata for a domainName: the configured discovery path, else OneAccess's then the OIDC default; cached 10 min. */
export async function discover(deps: Pick<SsoDeps, 'fetch' | 'discoveryPath'>, domainName: string, now = Date.now()): Promise<{ metadata: oidc.ServerMetadata; url: string }> {
  const urls = discoveryUrls(domainName, deps.discoveryPath);
  if (!urls) throw new Unreachable('domainName is not an http(s) URL');
  const key = `${urls[0]!.href}`;
  const hit = metadataCache.get(key);
  if (hit && now - hit.at < METADATA_TTL_MS) return hit;
  const failures: string[] = [];
  for (const url of urls) {
    try {
      const config = await oidc.discovery(url, 'discovery', undefined, undefined, fetchOptions(deps, url));
      const found = { at: now, metadata: config.serverMetadata(), url: url.href };
      if (metadataCache.size >= METADATA_CACHE_MAX) metadataCache.delete(metadataCache.keys().next().value as string);
      metadataCache.set(key, found);
      log.info('sso: IdP discovered', { domainName, discovery: url.href, issuer: found.metadata.issuer });
      return found;
    } catch (err) {
      failures.push(`${url.href}: ${describe(err)}`);
    }
  }
  log.warn('sso: IdP discovery failed', { domainName, tried: failures });
  throw new Unreachable('discovery failed');
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.name} ${(err as { code?: string }).code ?? ''} ${err.message}${cause}`.replace(/\s+/g, ' ').trim();
}

function clientConfig(deps: Pick<SsoDeps, 'fetch'>, metadata: oidc.ServerMetadata, app: ResolvedApp): oidc.Configuration {
  // client_secret_basic unless the IdP says it only takes the secret in the body
  const methods = metadata.token_endpoint_auth_methods_supported;
  const auth = !methods || methods.includes('client_secret_basic') || !methods.includes('client_secret_post') ? oidc.ClientSecretBasic(app.clientSecret) : oidc.ClientSecretPost(app.clientSecret);
  const config = new oidc.Configuration(metadata, app.clientId, { client_secret: app.clientSecret }, auth);
  config.timeout = IDP_TIMEOUT_SECONDS;
  if (deps.fetch) config[oidc.customFetch] = deps.fetch;
  if (new URL(metadata.issuer).protocol === 'http:') oidc.allowInsecureRequests(config);
  return config;
}

// ---------------------------------------------------------------------------------------------------------------
// the flow cookie: what the callback needs to finish, sealed (AES-256-GCM with a key derived from the session secret)

export interface FlowState {
  tenantId: string;
  kitTenantId: string;
  appId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** ms since the epoch */
  expiresAt: number;
}

export const flowCookieName = (tenantId: string) => `tenant_sso_${tenantId}`;
export const flowCookiePath = (tenantId: string) => `/t/${tenantId}/sso`;
export const redirectUri = (publicUrl: string, tenantId: string) => `${publicUrl}/t/${encodeURIComponent(tenantId)}/sso/callback`;

const flowKey = (sessionSecret: string) => createHash('sha256').update(`tenant-sso-flow:${sessionSecret}`).digest('base64');

export function sealFlow(sessionSecret: string, flow: FlowState): string {
  return encryptAtRest(flowKey(sessionSecret), JSON.stringify(flow));
}

export function openFlow(sessionSecret: string, tenantId: string, value: string | undefined, now = Date.now()): FlowState | undefined {
  if (!value || value.length > 4096) return undefined;
  try {
    const f = JSON.parse(decryptAtRest(flowKey(sessionSecret), value)) as FlowState;
    if (f.tenantId !== tenantId || typeof f.expiresAt !== 'number' || f.expiresAt < now) return undefined;
    if (![f.kitTenantId, f.appId, f.state, f.nonce, f.codeVerifier].every((s) => typeof s === 'string' && s)) return undefined;
    return f;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// the two legs

export type BeginResult = { ok: { authorizationUrl: string; flowCookie: string } } | { refusal: SsoRefusal };

/** Starts a sign-in for one application: the IdP's authorisation URL to send the browser to, and the flow cookie. */
export async function beginSignOn(deps: SsoDeps, tenant: SsoTenant, kitTenantId: string, appId: string, now = Date.now()): Promise<BeginResult> {
  if (tenant.released) return { refusal: 'released' };
  const resolved = await resolveApp(deps, tenant.instanceId, kitTenantId, appId);
  if ('refusal' in resolved) return resolved;
  const app = resolved.ok;
  let metadata: oidc.ServerMetadata;
  try {
    metadata = (await discover(deps, app.domainName, now)).metadata;
  } catch {
    return { refusal: 'idp_unreachable' };
  }
  const config = clientConfig(deps, metadata, app);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const flow: FlowState = {
    tenantId: tenant.id,
    kitTenantId,
    appId,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier,
    expiresAt: now + FLOW_TTL_MS,
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(deps.publicUrl, tenant.id),
    scope: 'openid profile',
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  log.info('sso: sign-in started', { tenant: tenant.id, instanceId: tenant.instanceId, kitTenantId, appId, authorizationEndpoint: metadata.authorization_endpoint });
  return { ok: { authorizationUrl: url.href, flowCookie: sealFlow(deps.sessionSecret, flow) } };
}

export type CompleteResult =
  | { ok: { userName: string; appId: string; claim: string; sessionCookie: string } }
  | { refusal: SsoRefusal; userName?: string };

/**
 * Finishes a sign-in at the callback: checks state, exchanges the code (PKCE verifier, client secret), validates the ID
 * token (issuer, audience, nonce, signature), finds the login name in its claims — then in userinfo — and asks the
 * directory. `query` is the callback's query string; `flowCookie` the cookie beginSignOn made.
 */
export async function completeSignOn(deps: SsoDeps, tenant: SsoTenant, query: URLSearchParams, flowCookie: string | undefined, now = Date.now()): Promise<CompleteResult> {
  const ctx = { tenant: tenant.id, instanceId: tenant.instanceId };
  if (tenant.released) return { refusal: 'released' };
  const flow = openFlow(deps.sessionSecret, tenant.id, flowCookie, now);
  if (!flow || query.get('state') !== flow.state) {
    log.warn('sso: callback refused: no sign-in in progress or state mismatch', { ...ctx, flow: flow ? 'state differs' : 'missing or expired' });
    return { refusal: 'state_mismatch' };
  }
  const idpError = query.get('error');
  if (idpError) {
    log.info('sso: the IdP answered an error', { ...ctx, appId: flow.appId, error: idpError.slice(0, 64), description: query.get('error_description')?.slice(0, 200) });
    return { refusal: idpError === 'access_denied' ? 'cancelled' : 'idp_refused' };
  }
  const resolved = await resolveApp(deps, tenant.instanceId, flow.kitTenantId, flow.appId);
  if ('refusal' in resolved) return resolved;
  const app = resolved.ok;
  let config: oidc.Configuration;
  try {
    config = clientConfig(deps, (await discover(deps, app.domainName, now)).metadata, app);
  } catch {
    return { refusal: 'idp_unreachable' };
  }

  const callbackUrl = new URL(redirectUri(deps.publicUrl, tenant.id));
  for (const [k, v] of query) callbackUrl.searchParams.append(k, v);
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(
      config,
      callbackUrl,
      { pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true },
      { redirect_uri: redirectUri(deps.publicUrl, tenant.id) },
    );
  } catch (err) {
    const refusal = errorRefusal(err);
    log.warn('sso: code exchange failed', { ...ctx, appId: app.appId, refusal, err: describe(err) });
    return { refusal };
  }

  const idClaims = tokens.claims() as Record<string, unknown> | undefined;
  let verdict = await directoryVerdict(deps.prisma, app, nameCandidates(idClaims, 'id_token'));
  if (!verdict.ok && verdict.refusal === 'not_authorised' && tokens.access_token && idClaims && typeof idClaims.sub === 'string') {
    try {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      verdict = await directoryVerdict(deps.prisma, app, nameCandidates(info as Record<string, unknown>, 'userinfo'));
    } catch (err) {
      log.warn('sso: userinfo failed', { ...ctx, appId: app.appId, err: describe(err) });
    }
  }
  if (!verdict.ok) {
    log.info('sso: sign-in refused by the directory', {
      ...ctx,
      appId: app.appId,
      refusal: verdict.refusal,
      userName: verdict.userName,
      claim: verdict.match ? `${verdict.match.source}.${verdict.match.claim}` : undefined,
      tried: verdict.match ? undefined : [...nameCandidates(idClaims, 'id_token')].map((c) => `${c.source}.${c.claim}`),
    });
    return { refusal: verdict.refusal, ...(verdict.userName ? { userName: verdict.userName } : {}) };
  }
  const claim = `${verdict.match.source}.${verdict.match.claim}`;
  log.info('sso: signed in', { ...ctx, appId: app.appId, userName: verdict.userName, claim });
  return {
    ok: {
      userName: verdict.userName,
      appId: app.appId,
      claim,
      sessionCookie: tenantSsoCookieValue(deps.sessionSecret, tenant.id, { userName: verdict.userName, appId: app.appId, kitTenantId: app.kitTenantId }, undefined, now),
    },
  };
}

/**
 * A signed-in IdP user is checked again on every view of the tenant page: a user whose authorisation was cancelled,
 * who was disabled or deleted, or whose application went away after signing in is signed out, and told why.
 */
export async function recheckSession(
  prisma: PrismaClient,
  instanceId: string,
  session: { userName: string; appId: string; kitTenantId: string },
): Promise<SsoRefusal | undefined> {
  const app = await listSignOnApps(prisma, instanceId);
  if (!app.some((a) => a.kitTenantId === session.kitTenantId && a.appId === session.appId)) return 'app_missing';
  const verdict = await directoryVerdict(prisma, { instanceId, kitTenantId: session.kitTenantId, appId: session.appId }, [
    { claim: 'session', value: session.userName, source: 'id_token' },
  ]);
  return verdict.ok ? undefined : verdict.refusal;
}

/** What a failed code exchange means for the user: the IdP said no, could not be reached, or answered wrongly. */
function errorRefusal(err: unknown): SsoRefusal {
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError || err instanceof oidc.WWWAuthenticateChallengeError) return 'idp_refused';
  const text = describe(err);
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|TimeoutError|aborted|socket/i.test(text)) return 'idp_unreachable';
  return 'failed';
}
