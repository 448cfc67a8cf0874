import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import type http from 'node:http';
import { z } from 'zod';

/**
 * The emulator's stand-in for a joint-operation tenant's IdP (Huawei Cloud OneAccess, issue 9 "Sign-on"): an OpenID
 * Provider played by `oidc-provider`, mounted by emulator/server.ts under `/idp`. A kit tenant's `domainName` is then
 * `<emulator URL>/idp`, and discovery answers where OneAccess documents it,
 * `<domainName>/api/v1/oauth2/.well-known/openid-configuration`, as well as at the OIDC default
 * `<domainName>/.well-known/openid-configuration`.
 *
 * - Clients and users live in `IdpState` (plain data on the emulator state), registered by `registerIdpClient` /
 *   `registerIdpUser`, by the control API (`POST /emulator/idp/clients`, `/emulator/idp/users`) or by a player that
 *   sends `applicationSync` / `authSync`.
 * - Authorisation code flow only, PKCE (S256) required, clients authenticate with client_secret_basic or _post.
 * - The login page asks for a user name only (no password: the emulator is a test double); Cancel answers the client
 *   `error=access_denied`. Consent is implied.
 * - The ID token carries `sub` only (oidc-provider's default for a code flow): `userName`, `preferred_username` and
 *   `name` come from the userinfo endpoint. A user's `sub` is `u-<hash of userName>` unless its claims say otherwise,
 *   like OneAccess, whose subject is a user id rather than the login name.
 * - Signing key: RSA-2048 generated when the IdP first serves; every store (codes, sessions, grants) is in memory.
 *
 * oidc-provider is loaded on the first request under /idp, so an emulator that never plays the IdP never loads it.
 */

export interface IdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface IdpUser {
  userName: string;
  /** the OIDC subject */
  sub: string;
  /** extra claims (override the defaults: userName, preferred_username, name) */
  claims: Record<string, unknown>;
}

export interface IdpState {
  clients: Map<string, IdpClient>;
  users: Map<string, IdpUser>;
  /** answer discovery at OneAccess's path too (default true); false leaves only /.well-known/openid-configuration */
  oneAccessDiscovery: boolean;
}

export const IDP_PREFIX = '/idp';
/** where OneAccess documents its discovery document, relative to the tenant's domainName */
export const ONEACCESS_DISCOVERY_PATH = '/api/v1/oauth2/.well-known/openid-configuration';

export function createIdpState(): IdpState {
  return { clients: new Map(), users: new Map(), oneAccessDiscovery: true };
}

/** Registers (or replaces) an OAuth client, as the marketplace does when it sends applicationSync. */
export function registerIdpClient(idp: IdpState, client: IdpClient): IdpClient {
  const c = { clientId: client.clientId, clientSecret: client.clientSecret, redirectUris: [...client.redirectUris] };
  idp.clients.set(c.clientId, c);
  return c;
}

/** Registers (or replaces) a user who can sign in at the IdP, as the marketplace's authSync authorises one. */
export function registerIdpUser(idp: IdpState, user: { userName: string; claims?: Record<string, unknown> }): IdpUser {
  const claims = { ...(user.claims ?? {}) };
  const sub = typeof claims.sub === 'string' && claims.sub ? claims.sub : `u-${createHash('sha256').update(user.userName).digest('hex').slice(0, 16)}`;
  delete claims.sub;
  const u = { userName: user.userName, sub, claims };
  idp.users.set(u.userName, u);
  return u;
}

export function removeIdpUser(idp: IdpState, userName: string): boolean {
  return idp.users.delete(userName);
}

function userBySub(idp: IdpState, sub: string): IdpUser | undefined {
  for (const u of idp.users.values()) if (u.sub === sub) return u;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// control API: /emulator/idp/…

const clientSchema = z.object({
  clientId: z.string().min(1).max(255),
  clientSecret: z.string().min(1).max(1024),
  redirectUris: z.array(z.url()).min(1).max(20),
});
const userSchema = z.object({
  userName: z.string().min(1).max(255),
  claims: z.record(z.string(), z.unknown()).optional(),
});

const publicClient = (c: IdpClient) => ({ clientId: c.clientId, redirectUris: c.redirectUris });

/** The IdP's control routes; undefined when the route is not one of them. */
export function handleIdpControl(route: string, input: unknown, idp: IdpState): { status: number; json: unknown } | undefined {
  switch (route) {
    case 'GET /emulator/idp/clients':
      return { status: 200, json: { clients: [...idp.clients.values()].map(publicClient) } };
    case 'POST /emulator/idp/clients': {
      const parsed = clientSchema.safeParse(input);
      if (!parsed.success) return { status: 400, json: { error: z.prettifyError(parsed.error) } };
      return { status: 201, json: { client: publicClient(registerIdpClient(idp, parsed.data)) } };
    }
    case 'GET /emulator/idp/users':
      return { status: 200, json: { users: [...idp.users.values()] } };
    case 'POST /emulator/idp/users': {
      const parsed = userSchema.safeParse(input);
      if (!parsed.success) return { status: 400, json: { error: z.prettifyError(parsed.error) } };
      return { status: 201, json: { user: registerIdpUser(idp, parsed.data) } };
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// the OpenID Provider

export const isIdpPath = (url: string) => url === IDP_PREFIX || url.startsWith(`${IDP_PREFIX}/`) || url.startsWith(`${IDP_PREFIX}?`);

/** A small in-memory store for oidc-provider's models; Client reads the IdP state. Bounded by expiry and count. */
function adapterFor(idp: IdpState) {
  const store = new Map<string, { payload: Record<string, unknown>; expiresAt: number }>();
  const MAX = 10_000;
  const sweep = () => {
    const now = Date.now();
    for (const [k, v] of store) if (v.expiresAt <= now) store.delete(k);
    while (store.size > MAX) store.delete(store.keys().next().value as string);
  };
  return class Adapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    private get(key: string) {
      const v = store.get(key);
      if (!v) return undefined;
      if (v.expiresAt <= Date.now()) {
        store.delete(key);
        return undefined;
      }
      return v.payload;
    }
    async upsert(id: string, payload: Record<string, unknown>, expiresIn: number) {
      store.set(this.key(id), { payload, expiresAt: Date.now() + (expiresIn ? expiresIn * 1000 : 3600_000) });
      if (store.size > MAX / 2) sweep();
    }
    async find(id: string) {
      if (this.model === 'Client') {
        const c = idp.clients.get(id);
        return c
          ? {
              client_id: c.clientId,
              client_secret: c.clientSecret,
              redirect_uris: c.redirectUris,
              grant_types: ['authorization_code'],
              response_types: ['code'],
              token_endpoint_auth_method: 'client_secret_basic',
            }
          : undefined;
      }
      return this.get(this.key(id));
    }
    async findByUid(uid: string) {
      for (const [k, v] of store) if (k.startsWith(`${this.model}:`) && v.payload.uid === uid && v.expiresAt > Date.now()) return v.payload;
      return undefined;
    }
    async findByUserCode(code: string) {
      for (const [k, v] of store) if (k.startsWith(`${this.model}:`) && v.payload.userCode === code && v.expiresAt > Date.now()) return v.payload;
      return undefined;
    }
    async consume(id: string) {
      const p = this.get(this.key(id));
      if (p) p.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [k, v] of store) if (v.payload.grantId === grantId) store.delete(k);
    }
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>body{font-family:system-ui,sans-serif;background:#f1f5f9;margin:0}main{max-width:22rem;margin:3rem auto;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:1.5rem}
h1{font-size:1.25rem}label{display:block;font-size:.875rem;margin:.75rem 0 .25rem}input{box-sizing:border-box;width:100%;padding:.5rem;border:1px solid #cbd5e1;border-radius:4px}
button{margin-top:1rem;padding:.5rem 1rem;border-radius:4px;border:1px solid #b91c1c;background:#b91c1c;color:#fff}button.secondary{background:#fff;color:#334155;border-color:#cbd5e1}
.err{color:#b91c1c;font-size:.875rem}p.note{color:#64748b;font-size:.8rem}</style></head><body><main>${body}</main></body></html>`;
}

function loginPage(uid: string, clientId: string, error?: string, userName = ''): string {
  return page(
    'Huawei Cloud sign-in (emulator)',
    `<h1>Huawei Cloud sign-in</h1><p class="note">Marketplace emulator IdP · application ${esc(clientId)}</p>
<form method="post" action="${IDP_PREFIX}/interaction/${esc(uid)}/login" aria-label="IdP sign in">
<label for="userName">User name</label><input id="userName" name="userName" autocomplete="username" required value="${esc(userName)}" autofocus>
${error ? `<p class="err" role="alert">${esc(error)}</p>` : ''}
<button type="submit">Sign in</button></form>
<form method="post" action="${IDP_PREFIX}/interaction/${esc(uid)}/abort"><button type="submit" class="secondary">Cancel</button></form>`,
  );
}

function readForm(req: http.IncomingMessage, limit = 16 * 1024): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('form too large'));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/**
 * The node:http handler for everything under /idp, for the server whose public base URL is `base` (issuer
 * `<base>/idp`). The provider is created on the first request.
 */
export function createIdpHandler(idp: IdpState, base: string): NodeHandler {
  const issuer = `${base}${IDP_PREFIX}`;
  let ready: Promise<{ provider: InstanceType<typeof import('oidc-provider').default>; callback: (req: http.IncomingMessage, res: http.ServerResponse) => unknown }> | undefined;

  const start = async () => {
    const { default: Provider } = await import('oidc-provider');
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const provider = new Provider(issuer, {
      adapter: adapterFor(idp) as never,
      jwks: { keys: [{ ...jwk, kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' }] as never },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
      responseTypes: ['code'],
      scopes: ['openid', 'profile'],
      claims: { openid: ['sub'], profile: ['userName', 'preferred_username', 'name'] },
      features: { devInteractions: { enabled: false } },
      clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' },
      interactions: { url: (_ctx, interaction) => `${IDP_PREFIX}/interaction/${interaction.uid}` },
      // consent is implied: the grant covers what the client asked for
      loadExistingGrant: async (ctx) => {
        const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
        if (grantId) {
          const found = await ctx.oidc.provider.Grant.find(grantId);
          if (found) return found;
        }
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
        grant.addOIDCScope('openid profile');
        await grant.save();
        return grant;
      },
      findAccount: async (_ctx, sub) => {
        const u = userBySub(idp, sub);
        if (!u) return undefined;
        return { accountId: sub, claims: async () => ({ userName: u.userName, preferred_username: u.userName, name: u.userName, ...u.claims, sub }) };
      },
      renderError: async (ctx, out) => {
        ctx.type = 'html';
        ctx.body = page('Sign-in error', `<h1>Sign-in error</h1><p class="err">${esc(String(out.error))}: ${esc(String(out.error_description ?? ''))}</p>`);
      },
    });
    return { provider, callback: provider.callback() };
  };

  return async (req, res) => {
    try {
      ready ??= start();
      const { provider, callback } = await ready;
      const url = new URL(req.url ?? '/', 'http://idp.local');
      let path = url.pathname.slice(IDP_PREFIX.length) || '/';
      if (path === ONEACCESS_DISCOVERY_PATH && idp.oneAccessDiscovery) path = '/.well-known/openid-configuration';

      const interaction = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(path);
      if (interaction) {
        const [, , action] = interaction;
        const details = await provider.interactionDetails(req, res);
        const clientId = String(details.params.client_id ?? '');
        if (req.method === 'GET' && !action) {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(loginPage(details.uid, clientId));
          return;
        }
        if (req.method === 'POST' && action === 'abort') {
          await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
          return;
        }
        if (req.method === 'POST' && action === 'login') {
          const form = await readForm(req);
          const userName = (form.get('userName') ?? '').trim();
          const user = idp.users.get(userName);
          if (!user) {
            res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
            res.end(loginPage(details.uid, clientId, 'No such user at this IdP.', userName));
            return;
          }
          await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
          return;
        }
        res.writeHead(405, { 'Content-Type': 'text/plain' });
        res.end('method not allowed');
        return;
      }

      // as express mounts an app: the provider sees the path below the prefix, and the prefix in originalUrl
      // (the rewritten path: oidc-provider takes the mount path to be what originalUrl has before req.url)
      (req as http.IncomingMessage & { originalUrl?: string }).originalUrl = IDP_PREFIX + path + url.search;
      req.url = path + url.search;
      await callback(req, res);
    } catch (err) {
      if (!res.headersSent) {
        res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(page('Sign-in error', `<h1>Sign-in error</h1><p class="err">${esc(err instanceof Error ? err.message : 'error')}</p>`));
      } else res.end();
    }
  };
}
