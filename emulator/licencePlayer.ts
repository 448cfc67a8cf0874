import { randomBytes } from 'node:crypto';
import { isProduceSuccess, resultCodeOf, sendProduceCall, type ProduceBody, type ProduceCallResult } from '../lib/marketplace/call';
import type { LifecycleStep } from '../lib/marketplace/lifecycle';
import { utc14 } from '../lib/marketplace/time';
import { putCode, type EmulatedCode, type LicenceStore, type PutCodeInput } from './licences';

/**
 * The marketplace's side of the licence-code lifecycle (spec §9.1): refreshLicenseCode (RENEWAL), updateLicenseCodeStatus
 * FREEZE then UNFREEZE, releaseLicenseCode, sent to a production URL signed with the licence key in the licence
 * variant (lib/marketplace/call.ts signs a licence-code activity so). After each change the target accepted, the
 * emulator's own state of the code follows (its store in process, or its control API), so the target's next heartbeat
 * hears what it was told: a new expiry, FROZEN, ALIVE, RELEASED.
 */
export const LICENCE_STEPS = ['renew', 'freeze', 'unfreeze', 'release'] as const;
export type LicenceStep = (typeof LICENCE_STEPS)[number];

/** Where the emulator keeps the code: read before the renewal (order, product, expiry), changed after each step. */
export interface LicenceStateSync {
  lookup(license: string): Promise<EmulatedCode | undefined>;
  update(input: PutCodeInput & { license: string }): Promise<void>;
}

export interface PlayLicenceOptions {
  /** the production URL, e.g. http://127.0.0.1:3000/api/produce */
  url: string;
  /** the key bound to the licence interfaces (License授权码交付接口) */
  key: string;
  license: string;
  /** default every step, in the marketplace's order */
  steps?: readonly LicenceStep[];
  /** the emulator holding the code; without it only the target hears of the changes */
  state?: LicenceStateSync;
  /** testFlag of every call; default none (a real order's code) */
  testFlag?: '0' | '1';
  now?: () => Date;
  onStep?: (step: LifecycleStep) => void;
}

export interface PlayLicenceResult {
  ok: boolean;
  license: string;
  steps: LifecycleStep[];
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** The emulator's store in this process (tests, the app's built-in emulator). */
export function storeSync(store: LicenceStore, now: () => Date = () => new Date()): LicenceStateSync {
  return {
    lookup: async (license) => store.codes.get(license),
    update: async (input) => void putCode(store, input, now()),
  };
}

/** An emulator running elsewhere, through its control API (GET and POST /emulator/licences). */
export function controlApiSync(emulatorUrl: string): LicenceStateSync {
  const base = emulatorUrl.replace(/\/+$/, '');
  return {
    async lookup(license) {
      const res = await fetch(`${base}/emulator/licences/${encodeURIComponent(license)}`, { signal: AbortSignal.timeout(5000) });
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`GET /emulator/licences/…: HTTP ${res.status} ${await res.text()}`);
      return ((await res.json()) as { licence: EmulatedCode }).licence;
    },
    async update(input) {
      const res = await fetch(`${base}/emulator/licences`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
        signal: AbortSignal.timeout(5000),
      });
      if (res.status !== 201) throw new Error(`POST /emulator/licences: HTTP ${res.status} ${await res.text()}`);
    },
  };
}

interface Plan {
  name: string;
  body: ProduceBody;
  /** the emulator's state of the code once the target accepted the change */
  after: PutCodeInput;
}

function plan(step: LicenceStep, license: string, held: EmulatedCode | undefined, now: Date): Plan {
  switch (step) {
    case 'renew': {
      // a renewal order of its own (spec §9.1: applied once per order line), a year past the later of now and the expiry
      const orderId = `CSR${randomBytes(6).toString('hex').toUpperCase()}`;
      const expireTime = Math.max(now.getTime(), held?.expireTime ?? 0) + YEAR_MS;
      return {
        name: 'refreshLicenseCode RENEWAL',
        body: {
          activity: 'refreshLicenseCode',
          scene: 'RENEWAL',
          orderId,
          orderLineId: `${orderId}-000001`,
          license,
          ...(held?.productId ? { productId: held.productId } : {}),
          expireTime: utc14(new Date(expireTime)),
        },
        after: { expireTime },
      };
    }
    case 'freeze':
      return { name: 'updateLicenseCodeStatus FREEZE', body: { activity: 'updateLicenseCodeStatus', license, status: 'FREEZE' }, after: { status: 'FROZEN' } };
    case 'unfreeze':
      return { name: 'updateLicenseCodeStatus UNFREEZE', body: { activity: 'updateLicenseCodeStatus', license, status: 'UNFREEZE' }, after: { status: 'ALIVE' } };
    case 'release':
      return {
        name: 'releaseLicenseCode',
        body: { activity: 'releaseLicenseCode', license, ...(held ? { orderId: held.orderId, orderLineId: held.orderLineId } : {}) },
        after: { status: 'RELEASED' },
      };
  }
}

/** Plays the steps in order and stops at the first that fails (the later ones build on it). */
export async function playLicence(opts: PlayLicenceOptions): Promise<PlayLicenceResult> {
  const now = opts.now ?? (() => new Date());
  const steps: LifecycleStep[] = [];
  const record = (s: LifecycleStep) => {
    steps.push(s);
    opts.onStep?.(s);
    return s.pass;
  };
  for (const step of opts.steps ?? LICENCE_STEPS) {
    let held: EmulatedCode | undefined;
    try {
      held = await opts.state?.lookup(opts.license);
    } catch (e) {
      record({ name: `emulator state of the code`, pass: false, detail: (e as Error).message, calls: [] });
      break;
    }
    const p = plan(step, opts.license, held, now());
    const r: ProduceCallResult = await sendProduceCall({ url: opts.url, key: opts.key, body: p.body, ...(opts.testFlag ? { testFlag: opts.testFlag } : {}) });
    const pass = isProduceSuccess(p.body.activity, r);
    let detail = r.error ? r.error : `HTTP ${r.status} resultCode ${resultCodeOf(r) ?? '(none)'} (${r.durationMs} ms)`;
    if (pass && opts.state) {
      try {
        await opts.state.update({ license: opts.license, ...p.after });
        detail += `; the emulator now holds ${p.after.status ?? `expiry ${new Date(p.after.expireTime!).toISOString()}`}`;
      } catch (e) {
        record({ name: p.name, pass: false, detail: `${detail}; the emulator's state could not follow: ${(e as Error).message}`, calls: [r] });
        break;
      }
    }
    if (!record({ name: p.name, pass, detail, calls: [r] })) break;
  }
  return { ok: steps.length > 0 && steps.every((s) => s.pass), license: opts.license, steps };
}
