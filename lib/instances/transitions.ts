/**
 * The instance lifecycle (spec §1.2): provisioning → active ⇄ frozen → released, and failed when provisioning gives
 * up. Pure: what a marketplace action does to an instance in a given status. The activities apply the decision in
 * SQL under a row lock, so concurrent duplicates see the status the first one left.
 */
export type InstanceStatus = 'provisioning' | 'active' | 'frozen' | 'released' | 'failed';
export type StatusAction = 'FREEZE' | 'UNFREEZE' | 'RELEASE' | 'RENEW' | 'UPGRADE';

export type Decision =
  /** change the status (and tell the provisioner) */
  | { kind: 'apply'; to: InstanceStatus; event: 'freeze' | 'unfreeze' | 'release' }
  /** apply the order without a status change (renewals, upgrades) */
  | { kind: 'applyOrder' }
  /** already done, or nothing to do: answer success, change nothing (spec §7.3) */
  | { kind: 'noop' }
  /** refuse: 000003 for a released instance, 000005 for a state that a retry later can pass */
  | { kind: 'refuse'; code: '000003' | '000005'; reason: string };

export function decide(status: InstanceStatus, action: StatusAction): Decision {
  switch (action) {
    case 'FREEZE':
      if (status === 'active') return { kind: 'apply', to: 'frozen', event: 'freeze' };
      if (status === 'provisioning') return { kind: 'refuse', code: '000005', reason: 'is still being provisioned; retry later' };
      return { kind: 'noop' }; // frozen already; released or failed: nothing runs that could be frozen
    case 'UNFREEZE':
      if (status === 'frozen') return { kind: 'apply', to: 'active', event: 'unfreeze' };
      if (status === 'released') return { kind: 'refuse', code: '000003', reason: 'has been released' };
      if (status === 'provisioning') return { kind: 'refuse', code: '000005', reason: 'is still being provisioned; retry later' };
      return { kind: 'noop' };
    case 'RELEASE':
      return status === 'released' ? { kind: 'noop' } : { kind: 'apply', to: 'released', event: 'release' };
    case 'RENEW':
    case 'UPGRADE':
      return status === 'released' ? { kind: 'refuse', code: '000003', reason: 'has been released' } : { kind: 'applyOrder' };
  }
}
