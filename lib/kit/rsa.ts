import { constants, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config';
import type { AppSecrets } from '../secrets';

/**
 * The kit's RSA key (spec §3.12, §5): applicationSync's clientSecret arrives RSA-OAEP encrypted with the public key the
 * seller uploaded. Minimal version, to be reconciled with the Settings work (issue 9): same signatures.
 */

/**
 * Decrypts a clientSecret. The OAEP digest is not documented for certain (spec §5): SHA-256 is tried, then SHA-1,
 * and the one that worked is answered. Undefined when neither does (wrong key, not Base64, corrupt).
 */
export function decryptClientSecret(privateKeyPem: string, ciphertextBase64: string): { plain: string; digest: 'sha256' | 'sha1' } | undefined {
  const data = Buffer.from(ciphertextBase64.replace(/\s+/g, ''), 'base64');
  if (data.length === 0) return undefined;
  for (const digest of ['sha256', 'sha1'] as const) {
    try {
      const plain = privateDecrypt({ key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: digest }, data);
      return { plain: plain.toString('utf8'), digest };
    } catch {
      // the other digest, or not ours
    }
  }
  return undefined;
}

const cache = new Map<string, string>();

/**
 * The app's kit private key (PKCS#8 PEM): generated once (3072 bits) and kept in DATA_DIR/kit-rsa-private.pem
 * (mode 0600; every process on one DATA_DIR reads the same file).
 */
export function kitPrivateKey(rt: { secrets: AppSecrets; config: AppConfig }): string {
  const file = path.join(rt.config.dataDir, 'kit-rsa-private.pem');
  const hit = cache.get(file);
  if (hit) return hit;
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    try {
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const pem = fs.readFileSync(file, 'utf8');
  cache.set(file, pem);
  return pem;
}
