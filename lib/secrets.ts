import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateSigningKey } from './licences/key';

/**
 * Secrets the app needs and the user did not give, generated once and kept in DATA_DIR/secrets.json (mode 0600).
 * Processes that share a PostgreSQL database need the same file (one DATA_DIR, or a copy of it); the embedded database
 * belongs to one process (lib/db/embedded-lock.mjs).
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
  /**
   * RSA-3072 private key (PKCS#8 PEM) whose public key the seller uploads for the joint-operation kit (the marketplace
   * encrypts applicationSync.clientSecret with it, spec §3.12). Generated lazily, on first use, by
   * `ensureGeneratedSecret` (3072-bit generation takes about a second; most installations never sell a kit product),
   * and never when KIT_RSA_PRIVATE_KEY is set (lib/kit/rsa.ts).
   */
  kitRsaPrivateKey?: string;
}

/** The secrets generated with the file; the lazy ones (optional in AppSecrets) are added by ensureGeneratedSecret. */
type EagerName = { [K in keyof AppSecrets]-?: undefined extends AppSecrets[K] ? never : K }[keyof AppSecrets];
type LazyName = Exclude<keyof AppSecrets, EagerName>;

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
  const stored = readStored(file);
  if (isComplete(stored)) return stored;
  // A file from an older version lacks a newer secret (the licence signing key, say). Processes starting together
  // must not each generate their own: whoever holds the lock adds the missing ones; the others then read them.
  return withFileLock(`${file}.lock`, () => {
    const again = readStored(file);
    if (isComplete(again)) return again;
    const complete = { ...generate(), ...again };
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(complete, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file);
    return complete;
  });
}

const NAMES: Record<EagerName, true> = { sessionSecret: true, encryptionKey: true, emulatorSk: true, webhookSecret: true, licenceSigningKey: true };
const SECRET_NAMES = Object.keys(NAMES) as EagerName[];

/**
 * A lazily generated secret: the one in `secrets` (the object loadSecrets returned, updated in place so the next call
 * is free), else the one another process has written to DATA_DIR/secrets.json meanwhile, else a new one made by
 * `make` under the same lock loadSecrets uses, so that two processes starting at once on one DATA_DIR agree on
 * one value: generated once, never twice.
 */
export function ensureGeneratedSecret(dataDir: string, secrets: AppSecrets, name: LazyName, make: () => string): string {
  const known = secrets[name];
  if (typeof known === 'string' && known !== '') return known;
  const file = path.join(dataDir, 'secrets.json');
  const value = withFileLock(`${file}.lock`, () => {
    const stored = fs.existsSync(file) ? readStored(file) : {};
    const there = stored[name];
    if (typeof there === 'string' && there !== '') return there;
    const made = make();
    // what is in the file wins over what this process holds: keep every other value as stored
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ ...secrets, ...stored, [name]: made }, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file);
    return made;
  });
  secrets[name] = value;
  return value;
}

function readStored(file: string): Partial<AppSecrets> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<AppSecrets>;
}

function isComplete(s: Partial<AppSecrets>): s is AppSecrets {
  return SECRET_NAMES.every((k) => typeof s[k] === 'string' && s[k] !== '');
}

/** Runs `fn` holding an exclusive lock file (created with 'wx'); a lock older than 30 s is left by a dead process. */
function withFileLock<T>(lock: string, fn: () => T): T {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 20) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 30_000) fs.rmSync(lock, { force: true });
      else if (waited > 60_000) throw new Error(`${lock} has been held for a minute: remove it if no app process is starting`);
      else Atomics.wait(sleeper, 0, 0, 20);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
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
