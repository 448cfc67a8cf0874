import { readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_DOMAIN_NAME, playKit } from './kit';
import { LICENCE_STEPS, controlApiSync, playLicence, type LicenceStep } from './licencePlayer';
import { DEFAULT_CREDENTIALS, createEmulatorState } from './state';
import { startEmulatorServer } from './server';
import type { ProduceBody } from '../lib/marketplace/call';
import { runLifecycle, type LifecycleStep } from '../lib/marketplace/lifecycle';
import { runV1LicenceLifecycle, runV1Lifecycle } from '../lib/marketplace/v1/lifecycle';
import { callWithRetries } from '../lib/marketplace/retries';
import { QUERY_ORDER_PATH, USAGE_PUSH_PATH } from '../lib/openapi/types';

/**
 * Entry point: `tsx emulator/cli.ts <command>` (npm run emulator -- <command>).
 * The only module of the emulator that reads process.env.
 */

const USAGE = `Marketplace emulator (Huawei Cloud KooGallery, seller side testing)

Usage:
  emulator serve [--port N] [--host H]
      Serve the open APIs the app calls (Query Order, usage push) plus the /emulator/ control API.
      Port: --port, else EMULATOR_PORT, else 3900 (0 = any free port).
      AK/SK: HUAWEICLOUD_AK / HUAWEICLOUD_SK, else emulator-ak / emulator-sk.
      MARKETPLACE_KEY (optional) verifies usage-push body signatures.
      Also plays a joint-operation tenant's IdP (OpenID Connect, OneAccess-like) under /idp: give the kit tenant
      domainName <URL>/idp; register clients with POST /emulator/idp/clients {clientId, clientSecret, redirectUris}
      and users with POST /emulator/idp/users {userName, claims?}. Its login page asks for a user name only.

  emulator lifecycle --url <production URL> [--key K] [--emulator <emulator URL>] [--order-id ID]
                     [--test-flag 0|1|none] [--poll-timeout MS] [--retries N] [--v1 [--licence]]
      Play a whole instance life against the production URL (e.g. http://127.0.0.1:3000/api/produce):
      newInstance, queryInstance until ready, refreshInstance, FREEZE, UNFREEZE, upgradeInstance, releaseInstance.
      With --emulator, fresh orders are registered in that emulator first; otherwise the mock orders are used.
      Key: --key, else MARKETPLACE_KEY.
      --v1: the V1 interfaces (spec §4): GETs with the order inline and an authToken (values URL-encoded),
      newInstance (again on 000004), queryInstance, newInstance again, refreshInstance, instanceStatus FREEZE and
      NORMAL, upgrade, expireInstance, releaseInstance twice; each answer's Body-Sign checked and the credentials
      decrypted. --v1 --licence: getLicense, queryInstance until provisioned, getLicense again (the same licence),
      refreshLicense, expireLicense, releaseLicense twice. Key: --key, else MARKETPLACE_KEY_V1, else MARKETPLACE_KEY.

  emulator call <activity> --url <production URL> [--key K] [--json '{"instanceId":"..."}']
                [--test-flag 0|1] [--retries N] [--interval MS]
      Send one signed call; --json is merged into {"activity": <activity>}. newInstance gets a fresh businessId.

  emulator kit --url <production URL> --public-key FILE [--key K] [--instance-id ID] [--domain-name URL]
             [--order-id ID] [--v1] [--verbose]
      Play the five joint-operation kit interfaces (spec §3.12) against <production URL>/produceAPI/v2/..., in the
      order the marketplace triggers them: credential application (tenantSync, applicationSync, allOrgSync), test
      account (authSync), buyer binding (the three again, the buyer's tenant), user authorisation (authSync, several
      users), department edits (singleOrgSync add, modify, delete). Bodies go with their keys in the documented order,
      x-sign over the sorted body; clientSecret is RSA-OAEP encrypted to the app's public key: --public-key is a PEM
      file (the app's Settings page, or GET /api/console/kit/public-key as an admin).
      Key: --key, else MARKETPLACE_KEY_KIT, else MARKETPLACE_KEY. domainName: --domain-name, else ${DEFAULT_DOMAIN_NAME}.
      --v1: the kit V1 (spec §4.11): <production URL>/produceAPI/..., the authToken header, allOrgSync's orgInfo, each
      answer's Body-Sign checked; key --key, else MARKETPLACE_KEY_V1, MARKETPLACE_KEY_KIT, MARKETPLACE_KEY.

  emulator licence --url <production URL> --code CODE [--key K] [--emulator <emulator URL>]
                 [--steps renew,freeze,unfreeze,release] [--test-flag 0|1]
      Play a licence code's lifecycle (授权码 2.0, spec §9.1) against the production URL: refreshLicenseCode
      (RENEWAL, a fresh renewal order, a year past the code's expiry), updateLicenseCodeStatus FREEZE then UNFREEZE,
      releaseLicenseCode; --steps plays some of them, in the order given. Signed with the licence key in the licence
      variant (lower-case hex). With --emulator (e.g. the app's built-in one), the code's order and expiry are read
      there and its state follows each accepted change, so the app's next heartbeat hears the same (FROZEN, ALIVE,
      RELEASED, the new expiry). Key: --key, else MARKETPLACE_KEY_LICENSE, else MARKETPLACE_KEY.

Exit status: 0 on success, 1 when a call or step failed, 2 on a usage error.`;

class UsageError extends Error {}

function mask(secret: string): string {
  return secret.length > 8 ? `${secret.slice(0, 2)}${'*'.repeat(secret.length - 4)}${secret.slice(-2)}` : '*'.repeat(secret.length);
}

function intOption(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer`);
  return n;
}

function testFlagOption(v: string | undefined): '0' | '1' | null | undefined {
  if (v === undefined) return undefined;
  if (v === '0' || v === '1') return v;
  if (v === 'none') return null;
  throw new UsageError('--test-flag must be 0, 1 or none');
}

function keyOption(v: string | undefined): string {
  const key = v ?? process.env.MARKETPLACE_KEY?.trim();
  if (!key) throw new UsageError('no key: give --key or set MARKETPLACE_KEY');
  return key;
}

function urlOption(v: string | undefined): string {
  if (!v) throw new UsageError('--url is required');
  try {
    new URL(v);
  } catch {
    throw new UsageError(`--url "${v}" is not a URL`);
  }
  return v;
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' } } });
  const port = intOption(values.port ?? process.env.EMULATOR_PORT?.trim() ?? '3900', 'port')!;
  const ak = process.env.HUAWEICLOUD_AK?.trim() || DEFAULT_CREDENTIALS.ak;
  const sk = process.env.HUAWEICLOUD_SK?.trim() || DEFAULT_CREDENTIALS.sk;
  const marketplaceKey = process.env.MARKETPLACE_KEY?.trim() || undefined;
  const state = createEmulatorState({ credentials: [{ ak, sk }], ...(marketplaceKey ? { marketplaceKey } : {}) });
  const server = await startEmulatorServer({ port, host: values.host ?? '127.0.0.1', state });
  console.log(`Marketplace emulator listening on ${server.url}`);
  console.log(`  Query Order: GET  ${server.url}${QUERY_ORDER_PATH}?orderId=MOCKPERIODYEARNEW`);
  console.log(`  Usage push:  POST ${server.url}${USAGE_PUSH_PATH}`);
  console.log(`  Control:     ${server.url}/emulator/health, /emulator/orders, /emulator/faults, /emulator/usage, /emulator/calls, /emulator/idp/clients, /emulator/idp/users`);
  console.log(`  Tenant IdP:  ${server.url}/idp (discovery: ${server.url}/idp/api/v1/oauth2/.well-known/openid-configuration)`);
  console.log(`Point the app at it with:`);
  console.log(`  MARKETPLACE_API_BASE=${server.url} HUAWEICLOUD_AK=${ak} HUAWEICLOUD_SK=${mask(sk)}`);
  console.log(marketplaceKey ? `Usage-push body signatures are checked with MARKETPLACE_KEY (${mask(marketplaceKey)}).` : 'MARKETPLACE_KEY is not set: usage-push body signatures are not checked.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

function printStep(step: LifecycleStep, verbose: boolean): void {
  console.log(`${step.pass ? 'PASS' : 'FAIL'}  ${step.name}: ${step.detail}`);
  if (step.pass && !verbose) return;
  for (const c of step.calls) {
    console.log(`      request:  ${c.request.curl}`);
    console.log(`      response: ${c.error ?? `HTTP ${c.status} ${c.rawBody}`} (${c.durationMs} ms)`);
  }
}

async function lifecycle(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      emulator: { type: 'string' },
      'order-id': { type: 'string' },
      'test-flag': { type: 'string' },
      'poll-timeout': { type: 'string' },
      retries: { type: 'string' },
      v1: { type: 'boolean' },
      licence: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
    },
  });
  const url = urlOption(values.url);
  if (values.licence && !values.v1) throw new UsageError('--licence plays the licence V1 lifecycle: give it with --v1');
  if (values.v1) return lifecycleV1(url, values);
  const key = keyOption(values.key);
  const testFlag = testFlagOption(values['test-flag']);
  const pollTimeout = intOption(values['poll-timeout'], '--poll-timeout');
  const retries = intOption(values.retries, '--retries');
  const result = await runLifecycle({
    url,
    key,
    ...(values.emulator ? { emulatorUrl: values.emulator } : {}),
    ...(values['order-id'] ? { orderId: values['order-id'] } : {}),
    ...(testFlag !== undefined ? { testFlag } : {}),
    ...(pollTimeout !== undefined ? { poll: { timeoutMs: pollTimeout, intervalMs: 1000 } } : {}),
    ...(retries !== undefined ? { retry: { attempts: retries + 1, intervalMs: 2000 } } : {}),
    onStep: (s) => printStep(s, values.verbose ?? false),
  });
  console.log(`${result.ok ? 'Lifecycle passed' : 'Lifecycle FAILED'} (order ${result.orderId}${result.instanceId ? `, instance ${result.instanceId}` : ''})`);
  return result.ok ? 0 : 1;
}

/** `lifecycle --v1 [--licence]`: the V1 players (lib/marketplace/v1/lifecycle.ts), every answer's Body-Sign checked. */
async function lifecycleV1(url: string, values: { key?: string; 'order-id'?: string; 'test-flag'?: string; licence?: boolean; verbose?: boolean }): Promise<number> {
  const key = values.key || process.env.MARKETPLACE_KEY_V1?.trim() || process.env.MARKETPLACE_KEY?.trim();
  if (!key) throw new UsageError('no key: give --key or set MARKETPLACE_KEY_V1 or MARKETPLACE_KEY');
  const testFlag = testFlagOption(values['test-flag']);
  const play = values.licence ? runV1LicenceLifecycle : runV1Lifecycle;
  const result = await play({
    url,
    key,
    ...(values['order-id'] ? { orderId: values['order-id'] } : {}),
    ...(testFlag ? { testFlag } : {}),
    onStep: (s) => printStep(s, values.verbose ?? false),
  });
  const what = values.licence ? 'Licence V1 lifecycle' : 'V1 lifecycle';
  console.log(`${result.ok ? `${what} passed` : `${what} FAILED`} (order ${result.orderId}${result.instanceId ? `, instance ${result.instanceId}` : ''})`);
  return result.ok ? 0 : 1;
}

function publicKeyOption(file: string | undefined): string {
  if (!file) throw new UsageError('--public-key FILE is required (the app’s kit public key, PEM)');
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--public-key ${file}: ${(e as Error).message}`);
  }
  try {
    createPublicKey(pem);
  } catch {
    throw new UsageError(`--public-key ${file} is not a PEM public key`);
  }
  return pem;
}

async function kit(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      'public-key': { type: 'string' },
      'instance-id': { type: 'string' },
      'domain-name': { type: 'string' },
      'order-id': { type: 'string' },
      v1: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
    },
  });
  const url = urlOption(values.url);
  const key = values.key || (values.v1 ? process.env.MARKETPLACE_KEY_V1?.trim() : undefined) || process.env.MARKETPLACE_KEY_KIT?.trim() || process.env.MARKETPLACE_KEY?.trim();
  if (!key) throw new UsageError(`no key: give --key or set ${values.v1 ? 'MARKETPLACE_KEY_V1, ' : ''}MARKETPLACE_KEY_KIT or MARKETPLACE_KEY`);
  const publicKeyPem = publicKeyOption(values['public-key']);
  if (values['domain-name']) urlOption(values['domain-name']);
  let phase = '';
  const result = await playKit({
    url,
    key,
    publicKeyPem,
    ...(values['instance-id'] ? { instanceId: values['instance-id'] } : {}),
    ...(values['domain-name'] ? { domainName: values['domain-name'] } : {}),
    ...(values['order-id'] ? { orderId: values['order-id'] } : {}),
    ...(values.v1 ? { generation: 'v1' as const } : {}),
    onStep: (s) => {
      if (s.phase !== phase) console.log(`— ${(phase = s.phase)}`);
      printStep(s, values.verbose ?? false);
    },
  });
  console.log(`${result.ok ? 'Kit syncs passed' : 'Kit syncs FAILED'} (instance ${result.instanceId}, tenants ${result.tenants.seller.tenantId} and ${result.tenants.buyer.tenantId})`);
  return result.ok ? 0 : 1;
}

function stepsOption(v: string | undefined): LicenceStep[] | undefined {
  if (v === undefined) return undefined;
  const steps = v.split(',').map((s) => s.trim());
  const bad = steps.find((s) => !(LICENCE_STEPS as readonly string[]).includes(s));
  if (bad !== undefined || steps.length === 0) throw new UsageError(`--steps: "${bad ?? ''}" is not one of ${LICENCE_STEPS.join(', ')}`);
  return steps as LicenceStep[];
}

async function licence(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      code: { type: 'string' },
      emulator: { type: 'string' },
      steps: { type: 'string' },
      'test-flag': { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
    },
  });
  const url = urlOption(values.url);
  const key = values.key || process.env.MARKETPLACE_KEY_LICENSE?.trim() || process.env.MARKETPLACE_KEY?.trim();
  if (!key) throw new UsageError('no key: give --key or set MARKETPLACE_KEY_LICENSE or MARKETPLACE_KEY');
  if (!values.code) throw new UsageError('--code is required (the licence code)');
  const testFlag = testFlagOption(values['test-flag']);
  const steps = stepsOption(values.steps);
  const result = await playLicence({
    url,
    key,
    license: values.code,
    ...(steps ? { steps } : {}),
    ...(values.emulator ? { state: controlApiSync(urlOption(values.emulator)) } : {}),
    ...(testFlag ? { testFlag } : {}),
    onStep: (s) => printStep(s, values.verbose ?? false),
  });
  console.log(`${result.ok ? 'Licence lifecycle passed' : 'Licence lifecycle FAILED'} (code ${mask(result.license)})`);
  return result.ok ? 0 : 1;
}

async function call(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      json: { type: 'string' },
      'test-flag': { type: 'string' },
      retries: { type: 'string' },
      interval: { type: 'string' },
    },
  });
  const activity = positionals[0];
  if (!activity) throw new UsageError('call needs an activity, e.g. call queryInstance');
  let extra: Record<string, unknown> = {};
  if (values.json) {
    try {
      extra = JSON.parse(values.json) as Record<string, unknown>;
    } catch {
      throw new UsageError('--json is not valid JSON');
    }
    if (!extra || typeof extra !== 'object' || Array.isArray(extra)) throw new UsageError('--json must be a JSON object');
  }
  const testFlag = testFlagOption(values['test-flag']);
  const body: ProduceBody = { ...extra, activity };
  const outcome = await callWithRetries(
    { url: urlOption(values.url), key: keyOption(values.key), body, ...(testFlag ? { testFlag } : {}) },
    { attempts: (intOption(values.retries, '--retries') ?? 0) + 1, intervalMs: intOption(values.interval, '--interval') ?? 2000 },
  );
  for (const [i, r] of outcome.attempts.entries()) {
    console.log(`attempt ${i + 1}: ${r.request.curl}`);
    console.log(`  → ${r.error ?? `HTTP ${r.status} ${r.rawBody}`} (${r.durationMs} ms)`);
  }
  console.log(outcome.ok ? 'OK' : 'FAILED');
  return outcome.ok ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest);
      case 'lifecycle':
        return await lifecycle(rest);
      case 'call':
        return await call(rest);
      case 'kit':
        return await kit(rest);
      case 'licence':
        return await licence(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`error: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    console.error(e);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
