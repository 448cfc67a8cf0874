import path from 'node:path';
import { translator } from './i18n/core';
import configMessages from './i18n/messages/config';
import { parseSelfCheckSchedule, type SelfCheckSchedule } from './selfcheck/schedule';

/**
 * Every environment variable the app reads, parsed once (house style: nothing else touches process.env).
 * Missing keys are not fatal: the app starts and `configWarnings()` says what is missing.
 */
export interface MarketplaceKeys {
  /** bound to the basic interfaces (spec §2) */
  basic?: string;
  license?: string;
  kit?: string;
  /** bound to the general interfaces (orderNotify, spec §3.10) */
  general?: string;
  /** still accepted while a key rotation is in flight */
  previous?: string;
  /** the V1 interfaces' seller Key (spec §2 "Key值": authToken, Body-Sign, AES); MARKETPLACE_KEY when unset */
  v1?: string;
}

export type InterfaceType = 'basic' | 'license' | 'kit' | 'general' | 'v1';

export interface AppConfig {
  port: number;
  dataDir: string;
  databaseUrl?: string;
  keys: MarketplaceKeys;
  marketplaceApiBase: string;
  /** true when the user gave no API base and no AK/SK: the built-in emulator plays the marketplace */
  useEmulator: boolean;
  emulatorPort: number;
  huaweiCloudAk?: string;
  huaweiCloudSk?: string;
  adminEmail?: string;
  adminPassword?: string;
  /** next-auth's secret; generated under DATA_DIR when not given */
  sessionSecret?: string;
  /**
   * KIT_RSA_PRIVATE_KEY: the seller's RSA private key (PEM, PKCS#8 or PKCS#1) for the joint-operation kit's clientSecret;
   * literal `\n`s (as env files often carry a PEM on one line) are turned into line breaks here. Its size is checked
   * at start (lib/kit/rsa.ts kitPrivateKey). Without it the key pair is generated under DATA_DIR.
   */
  kitRsaPrivateKey?: string;
  publicUrl: string;
  /**
   * KIT_OIDC_DISCOVERY_PATH: where the joint-operation tenant's IdP publishes its OpenID configuration, below the
   * tenant's domainName (e.g. `/api/v1/oauth2/.well-known/openid-configuration`). Unset: OneAccess's documented path,
   * then `/.well-known/openid-configuration` (lib/kit/sso.ts).
   */
  kitOidcDiscoveryPath?: string;
  provisioner: 'builtin' | 'webhook';
  webhookUrl?: string;
  webhookSecret?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** pg-boss polling interval for the provisioning workers */
  jobPollSeconds: number;
  /**
   * JOB_CONCURRENCY workers per queue in this process, each taking batches of JOB_BATCH_SIZE jobs; unset, sized to the
   * database by lib/jobs/sizing.ts (a few on PostgreSQL, one on the embedded database)
   */
  jobConcurrency?: number;
  jobBatchSize?: number;
  /** seconds a running job may take before it is considered abandoned (its process died) and retried */
  jobExpireSeconds: number;
  /** how often pg-boss looks for abandoned jobs */
  jobMaintenanceSeconds: number;
  /** retries of a failed job, with exponential backoff from jobRetryDelaySeconds */
  jobRetryLimit: number;
  jobRetryDelaySeconds: number;
  /** requests per second an API key may make to the machine APIs (0: no limit), and how many at once above that */
  apiRateLimitPerSecond: number;
  apiRateLimitBurst: number;
  /** how often the usage push runs (spec §8.1), and how long after an hour's end it waits for late events */
  usagePushIntervalSeconds: number;
  usageGraceSeconds: number;
  /** days a delivered directory event stays in the outbox (kit_event) before the sweep deletes it */
  kitEventRetentionDays: number;
  /** spec §4.2: how far a V1 call's timeStamp may be from our clock, either way (no window is documented: generous) */
  v1TimestampWindowSeconds: number;
  /** spec §4.4, §5: how V1 answers encrypt credentials: 1 AES-256-CBC (the default), 2 AES-128-CBC */
  v1EncryptType: 1 | 2;
  /** issue 12, lib/openapi/breaker.ts: consecutive failures that open an outbound API's circuit, and its probe interval */
  breakerFailures: number;
  breakerProbeSeconds: number;
  /** issue 12, lib/alerts: the SMTP server e-mail alerts go through (smtp[s]://user:pass@host:port) and their sender */
  smtpUrl?: string;
  alertEmailFrom: string;
  /** how often the alert rules are evaluated, and the least time between two messages of one open alert (digest) */
  alertEvaluateSeconds: number;
  alertDigestMinutes: number;
  /**
   * issue 12, lib/selfcheck/schedule.ts: SELF_CHECK_TIMES (default 07:00,19:00; `off`: null) in SELF_CHECK_TIMEZONE
   * (default Asia/Shanghai), when the saved debugger cases are replayed against the production URL, as the
   * marketplace's dial test does twice a day (spec §1.2)
   */
  selfCheck: SelfCheckSchedule | null;
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function int(env: Env, name: string, fallback: number): number {
  const v = str(env, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${v}"`);
  return n;
}

/** A whole number of at least 1, or undefined when unset. */
function count(env: Env, name: string): number | undefined {
  const v = str(env, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, got "${v}"`);
  return n;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const port = int(env, 'PORT', 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a whole number from 1 to 65535, got "${env.PORT}"`);
  const ak = str(env, 'HUAWEICLOUD_AK');
  const sk = str(env, 'HUAWEICLOUD_SK');
  const explicitBase = str(env, 'MARKETPLACE_API_BASE');
  const useEmulator = !explicitBase && !(ak && sk);
  const emulatorPort = int(env, 'EMULATOR_PORT', 0);
  const provisioner = (str(env, 'PROVISIONER') ?? (str(env, 'PROVISIONER_WEBHOOK_URL') ? 'webhook' : 'builtin')) as AppConfig['provisioner'];
  if (provisioner !== 'builtin' && provisioner !== 'webhook') {
    throw new Error(`PROVISIONER must be "builtin" or "webhook", got "${provisioner}"`);
  }
  const apiRate = int(env, 'API_RATE_LIMIT_PER_SECOND', 50);
  const logLevel = (str(env, 'LOG_LEVEL') ?? 'info') as AppConfig['logLevel'];
  const v1EncryptType = str(env, 'V1_ENCRYPT_TYPE') ?? '1';
  if (v1EncryptType !== '1' && v1EncryptType !== '2') throw new Error(`V1_ENCRYPT_TYPE must be 1 (AES-256) or 2 (AES-128), got "${v1EncryptType}"`);
  return {
    port,
    dataDir: path.resolve(/*turbopackIgnore: true*/ str(env, 'DATA_DIR') ?? './data'),
    databaseUrl: str(env, 'DATABASE_URL'),
    keys: {
      basic: str(env, 'MARKETPLACE_KEY'),
      license: str(env, 'MARKETPLACE_KEY_LICENSE'),
      kit: str(env, 'MARKETPLACE_KEY_KIT'),
      general: str(env, 'MARKETPLACE_KEY_GENERAL'),
      previous: str(env, 'MARKETPLACE_KEY_PREVIOUS'),
      v1: str(env, 'MARKETPLACE_KEY_V1'),
    },
    marketplaceApiBase: (explicitBase ?? 'https://mkt.myhuaweicloud.com').replace(/\/+$/, ''),
    useEmulator,
    emulatorPort,
    huaweiCloudAk: ak,
    huaweiCloudSk: sk,
    adminEmail: str(env, 'ADMIN_EMAIL'),
    adminPassword: str(env, 'ADMIN_PASSWORD'),
    sessionSecret: str(env, 'NEXTAUTH_SECRET'),
    kitRsaPrivateKey: str(env, 'KIT_RSA_PRIVATE_KEY')?.replace(/\\r\\n|\\n/g, '\n'),
    publicUrl: (str(env, 'PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    kitOidcDiscoveryPath: oidcPath(str(env, 'KIT_OIDC_DISCOVERY_PATH')),
    provisioner,
    webhookUrl: str(env, 'PROVISIONER_WEBHOOK_URL'),
    webhookSecret: str(env, 'PROVISIONER_WEBHOOK_SECRET'),
    logLevel: ['debug', 'info', 'warn', 'error'].includes(logLevel) ? logLevel : 'info',
    jobPollSeconds: Math.max(0.5, int(env, 'JOB_POLL_SECONDS', 0.5)),
    jobConcurrency: count(env, 'JOB_CONCURRENCY'),
    jobBatchSize: count(env, 'JOB_BATCH_SIZE'),
    jobExpireSeconds: Math.max(1, int(env, 'JOB_EXPIRE_SECONDS', 120)),
    jobMaintenanceSeconds: Math.max(1, int(env, 'JOB_MAINTENANCE_SECONDS', 30)),
    jobRetryLimit: int(env, 'JOB_RETRY_LIMIT', 8),
    jobRetryDelaySeconds: int(env, 'JOB_RETRY_DELAY_SECONDS', 2),
    apiRateLimitPerSecond: apiRate,
    apiRateLimitBurst: Math.max(1, int(env, 'API_RATE_LIMIT_BURST', Math.ceil(apiRate * 2))),
    usagePushIntervalSeconds: Math.max(10, int(env, 'USAGE_PUSH_INTERVAL_SECONDS', 300)),
    usageGraceSeconds: int(env, 'USAGE_GRACE_SECONDS', 300),
    kitEventRetentionDays: int(env, 'KIT_EVENT_RETENTION_DAYS', 7),
    v1TimestampWindowSeconds: int(env, 'V1_TIMESTAMP_WINDOW_SECONDS', 600),
    v1EncryptType: v1EncryptType === '2' ? 2 : 1,
    breakerFailures: Math.max(1, int(env, 'BREAKER_FAILURES', 5)),
    breakerProbeSeconds: Math.max(1, int(env, 'BREAKER_PROBE_SECONDS', 30)),
    smtpUrl: smtpUrl(str(env, 'SMTP_URL')),
    alertEmailFrom: str(env, 'ALERT_EMAIL_FROM') ?? 'KooGallery seller <alerts@localhost>',
    alertEvaluateSeconds: Math.max(1, int(env, 'ALERT_EVALUATE_SECONDS', 30)),
    alertDigestMinutes: Math.max(0, int(env, 'ALERT_DIGEST_MINUTES', 15)),
    selfCheck: parseSelfCheckSchedule(str(env, 'SELF_CHECK_TIMES'), str(env, 'SELF_CHECK_TIMEZONE')),
  };
}

function smtpUrl(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new Error('SMTP_URL must be a URL like smtp://user:password@smtp.example.com:587');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, got "${u.protocol}//"`);
  return v;
}

function oidcPath(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const p = v.startsWith('/') ? v : `/${v}`;
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(p) || p.includes('//')) throw new Error(`KIT_OIDC_DISCOVERY_PATH must be a URL path like /.well-known/openid-configuration, got "${v}"`);
  return p;
}

/**
 * The keys to try for an interface type, current first; the previous key during a rotation (spec §2, §12.3). A type
 * without its own key uses MARKETPLACE_KEY (the V1 Key too: MARKETPLACE_KEY_V1, else MARKETPLACE_KEY).
 */
export function keysFor(config: AppConfig, type: InterfaceType): { key: string; label: string }[] {
  const out: { key: string; label: string }[] = [];
  const own = config.keys[type];
  if (own) out.push({ key: own, label: `MARKETPLACE_KEY${type === 'basic' ? '' : '_' + type.toUpperCase()}` });
  else if (type !== 'basic' && config.keys.basic) out.push({ key: config.keys.basic, label: 'MARKETPLACE_KEY' });
  if (config.keys.previous) out.push({ key: config.keys.previous, label: 'MARKETPLACE_KEY_PREVIOUS' });
  return out;
}

/** What is missing, in words a seller can act on. */
export type ConfigWarning = { code: keyof (typeof configMessages)['en']; vars?: Record<string, string> };

/** What is missing from the configuration, as codes the console translates (lib/i18n/messages/config.ts). */
export function configWarningList(config: AppConfig): ConfigWarning[] {
  const w: ConfigWarning[] = [];
  if (!config.keys.basic) w.push({ code: 'noKey' });
  if (config.useEmulator) w.push({ code: 'emulator' });
  else if (!config.huaweiCloudAk || !config.huaweiCloudSk) w.push({ code: 'noAkSk', vars: { base: config.marketplaceApiBase } });
  if (config.provisioner === 'webhook' && !config.webhookUrl) w.push({ code: 'noWebhookUrl' });
  if (config.provisioner === 'webhook' && !config.webhookSecret) w.push({ code: 'noWebhookSecret' });
  return w;
}

/** The same in English, for the console log at start. */
export function configWarnings(config: AppConfig): string[] {
  const t = translator(configMessages, 'en');
  return configWarningList(config).map((w) => t(w.code, w.vars));
}

let cached: AppConfig | undefined;
export function config(): AppConfig {
  cached ??= loadConfig();
  return cached;
}
/** tests only */
export function setConfigForTests(c: AppConfig | undefined): void {
  cached = c;
}
