import { describe, expect, it } from 'vitest';
import { decide, type Decision, type InstanceStatus, type StatusAction } from '@/lib/instances/transitions';

/**
 * The instance lifecycle (spec §1.2): provisioning → active ⇄ frozen → released (failed when provisioning gives up).
 * spec §7.3: a repeated expire/release/status call answers success without re-processing.
 * spec §3.6/§3.7/§3.5/§3.8: 000003 for an instance that cannot be found / is gone; 000005 for a retryable state.
 */
const RETRY_LATER = { kind: 'refuse', code: '000005', reason: 'is still being provisioned; retry later' } as const;
const RELEASED = { kind: 'refuse', code: '000003', reason: 'has been released' } as const;
const NOOP = { kind: 'noop' } as const;
const APPLY_ORDER = { kind: 'applyOrder' } as const;

const TABLE: Record<InstanceStatus, Record<StatusAction, Decision>> = {
  provisioning: {
    // nothing runs yet that could be frozen; the marketplace retries status calls for an hour (spec §7.1)
    FREEZE: RETRY_LATER,
    UNFREEZE: RETRY_LATER,
    // an unsubscribe during provisioning must succeed (the buyer is refunded)
    RELEASE: { kind: 'apply', to: 'released', event: 'release' },
    RENEW: APPLY_ORDER,
    UPGRADE: APPLY_ORDER,
  },
  active: {
    FREEZE: { kind: 'apply', to: 'frozen', event: 'freeze' },
    UNFREEZE: NOOP, // already unfrozen: success, nothing done (spec §7.3)
    RELEASE: { kind: 'apply', to: 'released', event: 'release' },
    RENEW: APPLY_ORDER,
    UPGRADE: APPLY_ORDER,
  },
  frozen: {
    FREEZE: NOOP, // repeated freeze (spec §7.3)
    UNFREEZE: { kind: 'apply', to: 'active', event: 'unfreeze' },
    RELEASE: { kind: 'apply', to: 'released', event: 'release' }, // end of the retention period (spec §1.2)
    RENEW: APPLY_ORDER, // renewal during the freeze, followed by UNFREEZE (spec §1.2)
    UPGRADE: APPLY_ORDER,
  },
  released: {
    FREEZE: NOOP, // nothing left to freeze
    UNFREEZE: RELEASED, // cannot come back: the data is gone
    RELEASE: NOOP, // repeated release (spec §3.7, §7.3)
    RENEW: RELEASED,
    UPGRADE: RELEASED,
  },
  failed: {
    // provisioning gave up: nothing runs, so freeze/unfreeze change nothing and answer success
    FREEZE: NOOP,
    UNFREEZE: NOOP,
    // the unsubscribe that follows a failed order must succeed
    RELEASE: { kind: 'apply', to: 'released', event: 'release' },
    // the order is recorded (expiry / SKU kept) so that a re-provisioning starts from the right state
    RENEW: APPLY_ORDER,
    UPGRADE: APPLY_ORDER,
  },
};

const STATUSES = Object.keys(TABLE) as InstanceStatus[];
const ACTIONS: StatusAction[] = ['FREEZE', 'UNFREEZE', 'RELEASE', 'RENEW', 'UPGRADE'];
const CASES = STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a, TABLE[s][a]] as const));

describe('decide: 5 statuses × 5 actions', () => {
  it('covers the whole table', () => {
    expect(CASES).toHaveLength(25);
  });

  it.each(CASES)('%s + %s', (status, action, expected) => {
    expect(decide(status, action)).toEqual(expected);
  });
});

describe('decide: lifecycle properties', () => {
  it('is idempotent: applying a transition then repeating the action is a no-op (spec §7.3)', () => {
    for (const s of STATUSES) {
      for (const a of ['FREEZE', 'UNFREEZE', 'RELEASE'] as const) {
        const d = decide(s, a);
        if (d.kind === 'apply') expect(decide(d.to, a)).toEqual(NOOP);
      }
    }
  });

  it('freeze then unfreeze returns to active, each with its provisioner event', () => {
    const f = decide('active', 'FREEZE');
    expect(f).toEqual({ kind: 'apply', to: 'frozen', event: 'freeze' });
    const u = decide('frozen', 'UNFREEZE');
    expect(u).toEqual({ kind: 'apply', to: 'active', event: 'unfreeze' });
  });

  it('released is terminal: no action leads out of it', () => {
    for (const a of ACTIONS) expect(decide('released', a).kind).not.toBe('apply');
    for (const a of ACTIONS) expect(decide('released', a).kind).not.toBe('applyOrder');
  });

  it('release is always possible from a live or failed instance', () => {
    for (const s of STATUSES.filter((x) => x !== 'released')) {
      expect(decide(s, 'RELEASE')).toEqual({ kind: 'apply', to: 'released', event: 'release' });
    }
  });

  it('only 000003 and 000005 are used to refuse', () => {
    for (const [s, a] of CASES) {
      const d = decide(s, a);
      if (d.kind === 'refuse') expect(['000003', '000005']).toContain(d.code);
    }
  });
});
