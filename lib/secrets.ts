import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateSigningKey } from './licences/key';

/**
 * Secrets the app needs and the user did not give, generated once and kept in DATA_DIR/secrets.json (mode 0600).
 * Processes that share a database must share DATA_DIR (or set the same values by environment).
 */
export interface AppSecrets {
  /** next-auth session secret */
  sessionSecret: string;
  /** 32-byte key (base64) for data encrypted at rest (passwords in appInfo) */
  encryptionKey: string;
  /** secret of the built-in emulator's AK/SK pair */
  emulatorSk: string;
  /** Standard Webhooks secret (whsec_…) when PROVISIONER_WEBHOOK_SECRET is not set */
  webhookSecret: string;
  /** Ed25519 private key (PKCS#8 PEM) that signs licence keys; its public key is shown in Settings (lib/licences/key) */
  licenceSigningKey: string;
}

function generate(): AppSecrets {
  return {
    sessionSecret: randomBytes(32).toString('base64url'),
    encryptionKey: randomBytes(32).toString('base64'),
    emulatorSk: randomBytes(20).toString('hex'),
    webhookSecret: 'whsec_' + randomBytes(24).toString('base64'),
    licenceSigningKey: generateSigningKey(),
  };
}

export function loadSecrets(dataDir: string): AppSecrets {
  const file = path.join(dataDir, 'secrets.json');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx' fails if another process created it first: then everybody reads the same file.
    fs.writeFileSync(file, JSON.stringify(generate(), null, 2), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<AppSecrets>;
  const complete = { ...generate(), ...stored };
  if (Object.keys(stored).length !== Object.keys(complete).length) {
    fs.writeFileSync(file, JSON.stringify(complete, null, 2), { mode: 0o600 });
  }
  return complete;
}

/** AES-256-GCM, encoded `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export function encryptAtRest(keyB64: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyB64, 'base64'), iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export function decryptAtRest(keyB64: string, value: string): string {
  const [v, iv, tag, ct] = value.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not an at-rest ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyB64, 'base64'), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}
