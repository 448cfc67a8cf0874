import { createHash } from 'node:crypto';
import type { AppConfig } from './config';
import { mask } from './redact';

export interface KeyStatus {
  variable: string;
  purpose: string;
  configured: boolean;
  /** e.g. "test…***": enough to recognise, never enough to use */
  masked?: string;
  /** first 12 hex of SHA-256, to compare with the Seller Center without showing the key */
  fingerprint?: string;
  /** what is used when this one is not set */
  fallback?: string;
}

export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 12);
}

function status(variable: string, purpose: string, value: string | undefined, fallback?: string): KeyStatus {
  return value
    ? { variable, purpose, configured: true, masked: mask(value), fingerprint: fingerprint(value) }
    : { variable, purpose, configured: false, fallback };
}

/** What the settings page shows about the keys: whether each is set, masked, with a fingerprint. */
export function keyStatuses(c: AppConfig): KeyStatus[] {
  return [
    status('MARKETPLACE_KEY', 'basic interfaces (newInstance … releaseInstance), usage push', c.keys.basic),
    status('MARKETPLACE_KEY_GENERAL', 'general interfaces (orderNotify)', c.keys.general, 'MARKETPLACE_KEY'),
    status('MARKETPLACE_KEY_LICENSE', 'licence-code interfaces', c.keys.license, 'MARKETPLACE_KEY'),
    status('MARKETPLACE_KEY_KIT', 'joint-operation kit interfaces', c.keys.kit, 'MARKETPLACE_KEY'),
    status('MARKETPLACE_KEY_PREVIOUS', 'still accepted during a key rotation', c.keys.previous),
    status('HUAWEICLOUD_AK', 'access key of the open APIs (Query Order)', c.huaweiCloudAk, c.useEmulator ? 'built-in emulator' : undefined),
    status('HUAWEICLOUD_SK', 'secret key of the open APIs', c.huaweiCloudSk, c.useEmulator ? 'built-in emulator' : undefined),
  ];
}
