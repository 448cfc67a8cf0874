import { randomUUID } from 'node:crypto';
import type { LifecycleStep } from '../lib/marketplace/lifecycle';
import {
  authSyncStep,
  bindingSteps,
  newDepartment,
  newKitTenant,
  playKitSteps,
  singleOrgSyncStep,
  testAccountUser,
  type KitStepPlan,
  type KitTenant,
  type KitUser,
} from '../lib/marketplace/kitScenario';

/**
 * The marketplace's side of the joint-operation kit (spec §3.12): all five interfaces, in the order the marketplace
 * triggers them, signed as documented (body keys unsorted on the wire, x-sign over the sorted compact body), the
 * clientSecret RSA-OAEP encrypted to the target app's public key.
 *
 *   1. credential application (应用凭证申请): tenantSync + applicationSync + allOrgSync for the seller's test tenant
 *   2. test account: authSync (the seller's test account)
 *   3. buyer binding: tenantSync + applicationSync + allOrgSync for the buyer's tenant
 *   4. user authorisation: authSync (several of the buyer's users)
 *   5. department edits: singleOrgSync add, modify, delete
 */

export const DEFAULT_DOMAIN_NAME = 'https://example.tenantaccount.com';

/** An IdP application as applicationSync announces it (the plain secret, before encryption). */
export interface KitApplication {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  appId: string;
}

export interface PlayKitOptions {
  /** the production URL, e.g. http://127.0.0.1:3000/api/produce */
  url: string;
  /** the kit key (联营SaaS同步接口) */
  key: string;
  /** the target app's kit public key (SPKI PEM, what its Settings page shows) */
  publicKeyPem: string;
  /** default: a fresh one */
  instanceId?: string;
  /** the tenants' domainName (spec §3.12: with the scheme; the tenant's IdP URLs derive from it) */
  domainName?: string;
  /** the buyer's order (tenantSync.orderId); the credential application sends none */
  orderId?: string;
  /** called before each applicationSync is sent, e.g. to register the client with the emulator's IdP */
  onApplication?: (app: KitApplication) => void | Promise<void>;
  /** called before each authSync is sent, with the users it authorises */
  onUsers?: (users: KitUser[], ctx: { tenantId: string; appId: string; flag: number }) => void | Promise<void>;
  /** called as each step ends */
  onStep?: (step: LifecycleStep & { phase: KitPhase }) => void;
  /** v1: play the kit V1 (spec §4.11: `/produceAPI/<name>`, authToken, Body-Sign checked) */
  generation?: 'v2' | 'v1';
}

export type KitPhase = 'credential application' | 'test account' | 'buyer binding' | 'user authorisation' | 'department edits';

export interface PlayKitResult {
  ok: boolean;
  instanceId: string;
  /** the seller's test tenant and the buyer's, with their applications (plain secrets) */
  tenants: { seller: KitTenant; buyer: KitTenant };
  steps: (LifecycleStep & { phase: KitPhase })[];
}

/** The buyer's users authorised in step 4: an admin and two users in departments of the tree. */
export function buyerUsers(t: KitTenant): KitUser[] {
  return [
    { userName: `${t.tenantCode}-alice`, name: 'Alice', orgCode: `${t.tenantCode}-root`, role: 'admin', enable: 'true', email: 'alice@example.com', mobile: '13800000001', position: 'IT admin' },
    { userName: `${t.tenantCode}-bob`, name: 'Bob', orgCode: `${t.tenantCode}-rd`, role: 'user', enable: 'true', email: 'bob@example.com', employeeCode: 'E002', employeeType: 1 },
    { userName: `${t.tenantCode}-carol`, name: 'Carol', orgCode: `${t.tenantCode}-sales`, role: 'user', enable: 'true', workPlace: 'Shenzhen' },
  ];
}

/** The five phases' steps for the two tenants, in the marketplace's order. */
export function kitPlan(seller: KitTenant, buyer: KitTenant): { phase: KitPhase; step: KitStepPlan; users?: KitUser[] }[] {
  const dept = newDepartment(buyer);
  const users = buyerUsers(buyer);
  const testUser = [testAccountUser(seller)];
  return [
    ...bindingSteps(seller).map((step) => ({ phase: 'credential application' as const, step })),
    { phase: 'test account', step: authSyncStep(seller, testUser, 1, 'add: test account'), users: testUser },
    ...bindingSteps(buyer).map((step) => ({ phase: 'buyer binding' as const, step })),
    { phase: 'user authorisation', step: authSyncStep(buyer, users, 1, `add: ${users.length} users`), users },
    { phase: 'department edits', step: singleOrgSyncStep(buyer, dept, 1, 'add') },
    { phase: 'department edits', step: singleOrgSyncStep(buyer, { ...dept, orgName: 'Quality assurance' }, 2, 'modify') },
    { phase: 'department edits', step: singleOrgSyncStep(buyer, dept, 0, 'delete') },
  ];
}

export async function playKit(opts: PlayKitOptions): Promise<PlayKitResult> {
  const instanceId = opts.instanceId ?? `kit-${randomUUID()}`;
  const domainName = opts.domainName ?? DEFAULT_DOMAIN_NAME;
  const seller = newKitTenant({ instanceId, tenantCode: 'seller-test', name: 'Seller test tenant', domainName });
  const buyer = newKitTenant({ instanceId, tenantCode: 'buyer', name: 'Buyer Co., Ltd.', domainName, ...(opts.orderId ? { orderId: opts.orderId } : {}) });
  const plan = kitPlan(seller, buyer);
  const phaseOf = new Map(plan.map((p) => [p.step, p]));
  const steps: PlayKitResult['steps'] = [];
  await playKitSteps({
    url: opts.url,
    key: opts.key,
    publicKeyPem: opts.publicKeyPem,
    generation: opts.generation,
    steps: plan.map((p) => p.step),
    beforeStep: async (step) => {
      const t = step.fields.tenantId === seller.tenantId ? seller : buyer;
      if (step.interface === 'applicationSync') await opts.onApplication?.({ clientId: t.app.clientId, clientSecret: t.app.clientSecret, tenantId: t.tenantId, appId: t.app.appId });
      const users = phaseOf.get(step)?.users;
      if (step.interface === 'authSync' && users) await opts.onUsers?.(users, { tenantId: t.tenantId, appId: t.app.appId, flag: step.fields.flag as number });
    },
    onStep: (s) => {
      const phase = plan[steps.length]!.phase;
      const done = { ...s, phase };
      steps.push(done);
      opts.onStep?.(done);
    },
  });
  return { ok: steps.length === plan.length && steps.every((s) => s.pass), instanceId, tenants: { seller, buyer }, steps };
}
