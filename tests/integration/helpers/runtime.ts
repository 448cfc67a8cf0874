import { constants, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { startBuiltinEmulator } from '../../../emulator/builtin';
import { sortedCompactJson } from '../../../lib/marketplace/canonical';
import { handleProduce, type ProduceOutput } from '../../../lib/marketplace/produce';
import { produceDeps } from '../../../lib/marketplace/route';
import { kitSignature, v2Signature } from '../../../lib/marketplace/signature';
import { buildV1Request } from '../../../lib/marketplace/v1/call';
import { buildKitV1Request } from '../../../lib/marketplace/kit';
import { loadConfig } from '../../../lib/config';
import { authorize } from '../../../lib/auth/options';
import type { ConsoleUser } from '../../../lib/auth/users';
import { createRuntime, type Runtime } from '../../../lib/runtime';
import { createDatabase } from '../harness/postgres';

export const TEST_KEY = 'integration-test-key';

let counter = 0;
/** A fresh database on the harness's PostgreSQL server. */
export async function freshDatabase(prefix = 'it'): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  return createDatabase(inject('databaseUrl'), name);
}

export function tempDir(prefix = 'kg-it-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A real runtime (PostgreSQL, pg-boss workers, built-in emulator, built-in provisioner) on a fresh database.
 * `env` overrides any configuration variable.
 */
export async function startTestRuntime(env: Record<string, string> = {}, opts: { workers?: boolean } = {}): Promise<Runtime> {
  const config = loadConfig({
    DATABASE_URL: await freshDatabase(),
    DATA_DIR: tempDir(),
    MARKETPLACE_KEY: TEST_KEY,
    PUBLIC_URL: 'http://tenant.test',
    LOG_LEVEL: 'error',
    JOB_POLL_SECONDS: '0.5',
    // the tests that watch a job fail attempt after attempt under injected faults would see the outbound circuit open
    // instead (by design: waiting jobs do not use up their retries); the breaker has its own tests
    // (tests/integration/jobs/breaker.test.ts sets it), so here it opens only after a thousand failures in a row
    BREAKER_FAILURES: '1000',
    // a test runtime started within the hour after 07:00 or 19:00 Asia/Shanghai would run the self-check of its own;
    // tests/integration/selfcheck/selfcheck.test.ts schedules it explicitly
    SELF_CHECK_TIMES: 'off',
    ...env,
  });
  return createRuntime(config, { ...opts, startEmulator: startBuiltinEmulator });
}

/**
 * The test runtime of the enclosing describe: started before its tests (and before the describe's own beforeAll
 * hooks registered after this call), closed after them. The value stands for the runtime once it has started.
 */
export function useTestRuntime(env: Record<string, string> = {}, opts: { workers?: boolean } = {}): Runtime {
  let rt: Runtime | undefined;
  beforeAll(async () => {
    rt = await startTestRuntime(env, opts);
  });
  afterAll(async () => {
    await rt?.close();
  });
  return new Proxy({} as Runtime, {
    get(_, prop) {
      if (!rt) throw new Error('the test runtime is used before it started (outside a test or hook)');
      return Reflect.get(rt, prop);
    },
  });
}

/** The console user behind an e-mail and password, as the session would hold them (a right sign-in). */
export async function consoleUser(rt: Runtime, email: string, password: string): Promise<ConsoleUser> {
  const u = await authorize(rt.pool, email, password);
  return { id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale };
}

export interface SignedCall {
  body: Record<string, unknown> | string;
  key?: string;
  timestamp?: string;
  nonce?: string;
  /** replace the computed signature */
  signature?: string;
  /** sign these bytes instead of the body sent */
  signBody?: string;
  /** leave parameters out of the query */
  omit?: ('signature' | 'timestamp' | 'nonce')[];
}

export function nonce(): string {
  return randomBytes(32).toString('hex').toUpperCase();
}

/** Builds a marketplace call as the marketplace signs it (spec §3.2) and runs it through handleProduce. */
export async function call(rt: Runtime, c: SignedCall): Promise<ProduceOutput & { json: Record<string, unknown> }> {
  const raw = typeof c.body === 'string' ? c.body : sortedCompactJson(c.body);
  const timestamp = c.timestamp ?? String(Date.now());
  const n = c.nonce ?? nonce();
  const query: Record<string, string> = {
    signature: c.signature ?? v2Signature(c.key ?? TEST_KEY, c.signBody ?? raw, n, timestamp),
    timestamp,
    nonce: n,
  };
  for (const k of c.omit ?? []) delete query[k];
  const out = await handleProduce(
    {
      method: 'POST',
      url: '/api/produce?' + new URLSearchParams(query).toString(),
      query,
      headers: { 'content-type': 'application/json;charset=utf8' },
      rawBody: raw,
      clientAddress: '127.0.0.1',
    },
    { pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey },
  );
  return { ...out, json: JSON.parse(out.body) as Record<string, unknown> };
}

export interface V1Call {
  /** the parameters but timeStamp and authToken, in the order sent */
  params: Record<string, string>;
  key?: string;
  /** UTC yyyyMMddHHmmssSSS (default: now) */
  timeStamp?: string;
  /** replace the computed authToken */
  authToken?: string;
  /** leave parameters out */
  omit?: ('timeStamp' | 'authToken')[];
}

/**
 * Builds a V1 call as the marketplace sends it (lib/marketplace/v1/call.ts buildV1Request, spec §4.1, §4.2) and runs it
 * through handleProduce as the route does.
 */
export async function v1Call(rt: Runtime, c: V1Call): Promise<ProduceOutput & { json: Record<string, unknown> }> {
  const req = buildV1Request({ url: '/api/produce', key: c.key ?? TEST_KEY, params: c.params, timeStamp: c.timeStamp, authToken: c.authToken, omit: c.omit });
  const out = await handleProduce(
    { method: 'GET', url: req.url, query: req.params, headers: { host: 'seller.test' }, rawBody: Buffer.alloc(0), clientAddress: '127.0.0.1' },
    produceDeps(rt),
  );
  return { ...out, json: JSON.parse(out.body) as Record<string, unknown> };
}

let kitKeys: { privatePem: string; publicPem: string } | undefined;
/** The app's kit RSA key pair in tests (3072 bits, spec §5), generated once per test file. */
export function kitTestKeys(): { privatePem: string; publicPem: string } {
  if (!kitKeys) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    kitKeys = {
      privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
  return kitKeys;
}

/** A clientSecret as the marketplace sends it: RSA-OAEP encrypted to the app's public key, Base64 (spec §3.12, §5). */
export function encryptClientSecret(plain: string, oaepHash: 'sha256' | 'sha1' = 'sha256', publicPem = kitTestKeys().publicPem): string {
  return publicEncrypt({ key: publicPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, Buffer.from(plain, 'utf8')).toString('base64');
}

export interface KitCall {
  body: Record<string, unknown> | string;
  key?: string;
  timestamp?: string;
  nonce?: string;
  /** replace the computed x-sign */
  signature?: string;
  /** leave headers out */
  omit?: ('x-sign' | 'x-timestamp' | 'x-nonce')[];
  /** the kit private key handed to the interface (default: kitTestKeys()), or a function giving it */
  privateKey?: string | (() => string);
}

/**
 * Builds a kit call as the marketplace sends it (spec §3.12): the body's keys in the order given (unsorted on the
 * wire), x-sign over the sorted compact body, in headers; runs it through handleProduce as the kit route does.
 */
export async function kitCall(rt: Runtime, name: string, c: KitCall): Promise<ProduceOutput & { json: Record<string, unknown> }> {
  const raw = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
  const sorted = typeof c.body === 'string' ? c.body : sortedCompactJson(c.body);
  const timestamp = c.timestamp ?? String(Date.now());
  const n = c.nonce ?? nonce();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-sign': c.signature ?? kitSignature(c.key ?? TEST_KEY, sorted, n, timestamp),
    'x-timestamp': timestamp,
    'x-nonce': n,
  };
  for (const h of c.omit ?? []) delete headers[h];
  const privateKey = c.privateKey ?? kitTestKeys().privatePem;
  const kitPrivateKey = typeof privateKey === 'function' ? privateKey : () => privateKey;
  const out = await handleProduce(
    { method: 'POST', url: `/api/produce/produceAPI/v2/${name}`, query: {}, headers, rawBody: raw, clientAddress: '127.0.0.1', kit: name },
    { pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey, kitPrivateKey },
  );
  return { ...out, json: JSON.parse(out.body) as Record<string, unknown> };
}

export interface KitV1Call {
  body: Record<string, unknown> | string;
  key?: string;
  /** replace the computed authToken header (undefined: computed; null: left out) */
  authToken?: string | null;
  privateKey?: string;
}

/**
 * Builds a V1 kit call as the marketplace sends it (lib/marketplace/kit.ts buildKitV1Request, spec §4.11): POST to
 * `/produceAPI/<name>`, the authToken header over the body's fields; runs it through handleProduce as the V1 kit
 * route does.
 */
export async function kitV1Call(rt: Runtime, name: string, c: KitV1Call): Promise<ProduceOutput & { json: Record<string, unknown> }> {
  const built = typeof c.body === 'string' ? undefined : buildKitV1Request({ url: 'http://seller.test/api/produce', name: name as never, key: c.key ?? TEST_KEY, body: c.body });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = c.authToken === undefined ? built?.headers.authToken : c.authToken;
  if (token !== null && token !== undefined) headers.authtoken = token;
  const privateKey = c.privateKey ?? kitTestKeys().privatePem;
  const out = await handleProduce(
    {
      method: 'POST',
      url: `/api/produce/produceAPI/${name}`,
      query: {},
      headers,
      rawBody: built?.body ?? (c.body as string),
      clientAddress: '127.0.0.1',
      kit: name,
      kitV1: true,
    },
    { pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey, kitPrivateKey: () => privateKey },
  );
  return { ...out, json: JSON.parse(out.body) as Record<string, unknown> };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until fn returns a truthy value (or throws after timeoutMs). */
export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** newInstance, then queryInstance until the instance is ready; returns the instance id and appInfo. */
export async function buyAndWait(rt: Runtime, orderId = 'MOCKPERIODYEARNEW', orderLineId = `${orderId}-000001`) {
  const created = await call(rt, {
    body: { activity: 'newInstance', orderId, orderLineId, businessId: crypto.randomUUID(), testFlag: '1' },
  });
  const instanceId = created.json.instanceId as string;
  const ready = await waitFor(async () => {
    const q = await call(rt, { body: { activity: 'queryInstance', instanceId, testFlag: '1' } });
    return q.json.resultCode === '000000' ? q.json : undefined;
  }, 20_000, `instance ${instanceId} to be ready`);
  return { instanceId, created: created.json, ready };
}
