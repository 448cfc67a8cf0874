import { randomBytes, randomUUID } from 'node:crypto';
import { encryptClientSecret } from '../kit/rsa';
import { resultCodeOf, type ProduceCallResult } from './call';
import { kitBody, kitBodyV1, sendKitCall, sendKitV1Call } from './kit';
import { checkBodySign } from './v1/call';
import type { LifecycleStep } from './lifecycle';
import type { KitInterface } from './names';

/**
 * The kit syncs as the marketplace triggers them (spec §3.12 "Triggers"), as reusable lists of steps: the seller's
 * credential application (应用凭证申请) → tenantSync + applicationSync + allOrgSync; a test account → authSync; the
 * buyer binding the app to its tenant → the same three for the buyer's tenant; the buyer's admin authorising users →
 * authSync; department edits → singleOrgSync. The debugger's lifecycle plays some of them before releaseInstance, the
 * emulator's kit player plays them all.
 */

export interface KitTenant {
  instanceId: string;
  tenantId: string;
  tenantCode: string;
  name: string;
  /** includes the scheme (spec §3.12) */
  domainName?: string;
  /** empty in credential-application and debug flows (spec §3.12) */
  orderId?: string;
  /** the tenant's IdP application (applicationSync) */
  app: { appId: string; clientId: string; clientSecret: string };
}

export interface KitUser {
  userName: string;
  name?: string;
  orgCode?: string;
  position?: string;
  employeeCode?: string;
  employeeType?: number;
  role?: 'user' | 'admin';
  enable?: 'true' | 'false';
  mobile?: string;
  email?: string;
  workPlace?: string;
}

export interface KitOrg {
  orgCode: string;
  orgName: string;
  parentCode?: string;
}

/** One planned kit call: the interface, its fields (without testFlag / timeStamp), the plain secret to encrypt. */
export interface KitStepPlan {
  name: string;
  interface: KitInterface;
  fields: Record<string, unknown>;
  /** applicationSync: the clientSecret in plain text, encrypted to the target's public key when sent */
  clientSecret?: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A tenant with fresh ids (32 hex like the documented tenantId) and an IdP application with a fresh secret. */
export function newKitTenant(opts: { instanceId: string; tenantCode: string; name: string; domainName?: string; orderId?: string }): KitTenant {
  return {
    instanceId: opts.instanceId,
    tenantId: hex(16),
    tenantCode: opts.tenantCode,
    name: opts.name,
    ...(opts.domainName ? { domainName: opts.domainName } : {}),
    orderId: opts.orderId ?? '',
    app: { appId: `app-${hex(6)}`, clientId: `client-${hex(8)}`, clientSecret: `secret-${randomUUID()}` },
  };
}

/** A small organisation tree for a tenant: the root and two departments. */
export function defaultOrgTree(t: KitTenant): KitOrg[] {
  return [
    { orgCode: `${t.tenantCode}-root`, orgName: t.name },
    { orgCode: `${t.tenantCode}-rd`, orgName: 'R&D', parentCode: `${t.tenantCode}-root` },
    { orgCode: `${t.tenantCode}-sales`, orgName: 'Sales', parentCode: `${t.tenantCode}-root` },
  ];
}

const ids = (t: KitTenant) => ({ instanceId: t.instanceId, tenantId: t.tenantId });

export function tenantSyncStep(t: KitTenant, flag: 0 | 1 | 2, label = 'add'): KitStepPlan {
  return {
    name: `tenantSync (${label})`,
    interface: 'tenantSync',
    fields: { instanceId: t.instanceId, orderId: t.orderId ?? '', tenantId: t.tenantId, tenantCode: t.tenantCode, name: t.name, domainName: t.domainName, flag },
  };
}

export function applicationSyncStep(t: KitTenant, flag: 0 | 1 | 2, label = 'add'): KitStepPlan {
  return {
    name: `applicationSync (${label})`,
    interface: 'applicationSync',
    fields: { ...ids(t), appId: t.app.appId, clientId: t.app.clientId, flag },
    clientSecret: t.app.clientSecret,
  };
}

export function allOrgSyncStep(t: KitTenant, orgs: KitOrg[] = defaultOrgTree(t)): KitStepPlan {
  return { name: `allOrgSync (${orgs.length} organisations)`, interface: 'allOrgSync', fields: { ...ids(t), orgInfoList: orgs } };
}

export function authSyncStep(t: KitTenant, users: KitUser[], flag: 0 | 1 | 2 | 3, label: string): KitStepPlan {
  return {
    name: `authSync (${label})`,
    interface: 'authSync',
    fields: { ...ids(t), appId: t.app.appId, userList: users, currentSyncTime: String(Date.now()), flag },
  };
}

export function singleOrgSyncStep(t: KitTenant, org: KitOrg, flag: 0 | 1 | 2, label: string): KitStepPlan {
  return { name: `singleOrgSync (${label})`, interface: 'singleOrgSync', fields: { ...ids(t), orgCode: org.orgCode, orgName: org.orgName, parentCode: org.parentCode, flag } };
}

/** 应用凭证申请 / the buyer binding the app to its tenant: tenantSync + applicationSync + allOrgSync (spec §3.12). */
export function bindingSteps(t: KitTenant, orgs?: KitOrg[]): KitStepPlan[] {
  return [tenantSyncStep(t, 1), applicationSyncStep(t, 1), allOrgSyncStep(t, orgs)];
}

/** The seller's test account, authorised in its own test tenant (spec §3.12: creating a test account → authSync). */
export function testAccountUser(t: KitTenant): KitUser {
  return { userName: `${t.tenantCode}-test`, name: 'Test account', orgCode: `${t.tenantCode}-root`, role: 'admin', enable: 'true' };
}

/** A department added under the root, as a department edit (singleOrgSync) makes it. */
export function newDepartment(t: KitTenant): KitOrg {
  return { orgCode: `${t.tenantCode}-qa-${hex(3)}`, orgName: 'QA', parentCode: `${t.tenantCode}-root` };
}

export interface PlayKitStepsOptions {
  /** the production URL, e.g. http://127.0.0.1:3000/api/produce */
  url: string;
  /** the kit key */
  key: string;
  /** the target app's public key (SPKI PEM): applicationSync's clientSecret is encrypted to it */
  publicKeyPem: string;
  steps: KitStepPlan[];
  /** called before each call is sent (e.g. to register the application or the users with an IdP first) */
  beforeStep?: (step: KitStepPlan) => void | Promise<void>;
  /** called as each step ends */
  onStep?: (step: LifecycleStep) => void;
  /**
   * v1: the kit V1 (spec §4.11): `/produceAPI/<name>`, the authToken header, allOrgSync's list as `orgInfo`, and a step
   * passes only when its answer carries a valid Body-Sign
   */
  generation?: 'v2' | 'v1';
}

function describe(r: ProduceCallResult): string {
  if (r.error) return r.error;
  const msg = (r.json as { resultMsg?: unknown } | undefined)?.resultMsg;
  return `HTTP ${r.status}, resultCode ${resultCodeOf(r) ?? '(none)'}${typeof msg === 'string' && resultCodeOf(r) !== '000000' ? ` (${msg.slice(0, 200)})` : ''}`;
}

/**
 * Sends the steps one after the other; each passes on HTTP 200 with resultCode 000000. The kit's timeStamps strictly
 * increase from one step to the next (the app orders changes by them: an add and a modify within the same
 * millisecond must not tie).
 */
export async function playKitSteps(opts: PlayKitStepsOptions): Promise<LifecycleStep[]> {
  const out: LifecycleStep[] = [];
  let last = 0;
  for (const step of opts.steps) {
    await opts.beforeStep?.(step);
    const now = Math.max(Date.now(), last + 1);
    last = now;
    const fields = step.clientSecret !== undefined ? { ...step.fields, clientSecret: encryptClientSecret(opts.publicKeyPem, step.clientSecret) } : step.fields;
    const call = { url: opts.url, name: step.interface, key: opts.key };
    const v1 = opts.generation === 'v1';
    const r = v1
      ? await sendKitV1Call({ ...call, body: kitBodyV1(step.interface, fields, { now: new Date(now) }) })
      : await sendKitCall({ ...call, body: kitBody(step.interface, fields, { now: new Date(now) }) });
    const sign = v1 && r.status ? checkBodySign(opts.key, r) : undefined;
    const pass = r.status === 200 && resultCodeOf(r) === '000000' && (sign?.valid ?? true);
    const done: LifecycleStep = { name: step.name, pass, detail: describe(r) + (sign ? `; ${sign.detail}` : ''), calls: [r] };
    out.push(done);
    opts.onStep?.(done);
  }
  return out;
}
