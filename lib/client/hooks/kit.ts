'use client';

import { queryKeys } from '../../queryKeys';
import { useObjectQuery } from './shared';

/** The joint-operation kit's public key as GET /api/console/kit/public-key answers it. */
export interface KitPublicKey {
  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`) */
  pem: string;
  /** SHA-256 of the DER SPKI, colon-separated hex */
  fingerprint: string;
}

/** The kit public key (admin); it changes only when KIT_RSA_PRIVATE_KEY does (a restart), so it is read once. */
export function useKitPublicKey(options: { initial?: KitPublicKey } = {}) {
  return useObjectQuery<KitPublicKey>(queryKeys.kit.publicKey(), '/api/console/kit/public-key', { initial: options.initial, staleTime: Infinity });
}
