import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { sweepSignInThrottle } from './auth/throttle';
import { configWarnings, loadConfig, type AppConfig } from './config';
import { createPool, createPrisma, type PrismaClient } from './db/client';
import { isEmbeddedDatabaseInUse, startEmbeddedDatabase } from './db/embedded';
import { migrate } from './db/migrate';
import { startBoss } from './jobs/queue';
import { POOL_SIZE, workerSizing, type DatabaseKind } from './jobs/sizing';
import { startWorkers } from './jobs/worker';
import { evaluateAlerts, sweepAlerts } from './alerts/evaluate';
import { configureBreakers } from './openapi/breaker';
import { debuggerDeps } from './debugger/api';
import { scheduleSelfCheck, SELF_CHECK_TICK_MS } from './selfcheck/run';
import { dueSlot } from './selfcheck/schedule';
import { log, setLogLevel } from './log';
import type { OpenApiTarget } from './openapi/client';
import { createProvisioner, type Provisioner } from './provisioning';
import { kitPrivateKey } from './kit/rsa';
import { sweepDeliveredEvents } from './kit/events';
import { scheduleLicenceRefresh } from './licenceCodes/heartbeat';
import { loadSecrets, type AppSecrets } from './secrets';
import { scheduleUsagePush } from './usage/push';
import { ensureFirstAdmin } from './users/actions';

/**
 * Everything a running process holds: configuration, database pools, the job queue and its workers, the provisioner,
 * and — when no AK/SK is configured — the built-in marketplace emulator. Created once per process.
 */
export interface Runtime {
  config: AppConfig;
  secrets: AppSecrets;
  databaseKind: DatabaseKind;
  databaseUrl: string;
  pool: pg.Pool;
  prisma: PrismaClient;
  boss: PgBoss;
  provisioner: Provisioner;
  openApi: OpenApiTarget;
  emulatorUrl?: string;
  warnings: string[];
  close(): Promise<void>;
}

/**
 * Starts a stand-in for the marketplace's open APIs (Query Order, usage) and says how to reach it. lib/ never imports
 * emulator/ (tests/unit/architecture.test.ts), so the built-in emulator (emulator/builtin.ts) is handed in from outside:
 * by the process entry, instrumentation.ts, through registerEmulator(); by tests, through RuntimeOptions.startEmulator.
 */
export type StartEmulator = (opts: {
  /** 0 = any free port */
  port: number;
  /** the secret key the emulator checks the app's AK/SK signatures with */
  sk: string;
  /** the key it signs production calls with (spec §3.2), when one is configured */
  marketplaceKey?: string;
}) => Promise<{ openApi: OpenApiTarget; close(): Promise<void> }>;

export interface RuntimeOptions {
  /** start the job workers (default true) */
  workers?: boolean;
  /** the emulator to start when no AK/SK is configured (default: the one registered with registerEmulator) */
  startEmulator?: StartEmulator;
}

const EMULATOR_KEY = Symbol.for('koogallery.startEmulator');
type EmulatorHolder = { [EMULATOR_KEY]?: StartEmulator };

/**
 * Registers the emulator every runtime of this process starts when no AK/SK is configured, getRuntime()'s included.
 * Kept on globalThis like the runtime itself: Next bundles instrumentation.ts and the route handlers apart, and both
 * must see it. instrumentation.ts registers it before the first request, so route handlers see no difference.
 */
export function registerEmulator(start: StartEmulator): void {
  (globalThis as EmulatorHolder)[EMULATOR_KEY] = start;
}

export async function createRuntime(config: AppConfig = loadConfig(), opts: RuntimeOptions = {}): Promise<Runtime> {
  setLogLevel(config.logLevel);
  // shutdown runs these first to last; each step is added in front of the ones it depends on
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const c of closers) await c().catch((err) => log.warn('shutdown step failed', { err }));
  };
  try {
    return await assemble(config, opts, closers, closeAll);
  } catch (err) {
    await closeAll(); // a half-started runtime must not keep the embedded database open
    throw err;
  }
}

async function assemble(
  config: AppConfig,
  opts: RuntimeOptions,
  closers: (() => Promise<void>)[],
  closeAll: () => Promise<void>,
): Promise<Runtime> {
  const secrets = loadSecrets(config.dataDir);
  configureBreakers({ failures: config.breakerFailures, probeMs: config.breakerProbeSeconds * 1000 });
  // a KIT_RSA_PRIVATE_KEY under 3072 bits (or not a key) stops the start here, not at the first kit call
  if (config.kitRsaPrivateKey) kitPrivateKey({ secrets, config });
  let databaseUrl = config.databaseUrl;
  let databaseKind: Runtime['databaseKind'] = 'postgresql';
  if (!databaseUrl) {
    const embedded = await startEmbeddedDatabase(config.dataDir, { port: config.port });
    closers.push(() => embedded.close());
    databaseUrl = embedded.url;
    databaseKind = 'embedded';
  }
  const applied = await migrate(databaseUrl);
  if (applied.length) log.info('database migrated', { applied });
  // One pool per process, shared by Prisma, the raw SQL and pg-boss, sized with the job workers (lib/jobs/sizing.ts)
  const pool = createPool(databaseUrl, POOL_SIZE[databaseKind], { sharedSession: databaseKind === 'embedded' });
  closers.unshift(() => pool.end());
  const prisma = createPrisma(pool);
  const boss = await startBoss(pool, {
    expireInSeconds: config.jobExpireSeconds,
    maintenanceIntervalSeconds: config.jobMaintenanceSeconds,
    pollingIntervalSeconds: config.jobPollSeconds,
    retryLimit: config.jobRetryLimit,
    retryDelaySeconds: config.jobRetryDelaySeconds,
  });
  // graceful: running jobs finish (or time out) before the pool they use is closed
  const stopBoss = () => boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  closers.unshift(stopBoss);

  let openApi: OpenApiTarget = { base: config.marketplaceApiBase, ak: config.huaweiCloudAk, sk: config.huaweiCloudSk };
  let emulatorUrl: string | undefined;
  if (config.useEmulator) {
    const startEmulator = opts.startEmulator ?? (globalThis as EmulatorHolder)[EMULATOR_KEY];
    if (!startEmulator) {
      throw new Error('no marketplace AK/SK configured (HUAWEICLOUD_AK, HUAWEICLOUD_SK) and no built-in emulator registered');
    }
    const emulator = await startEmulator({ port: config.emulatorPort, sk: secrets.emulatorSk, marketplaceKey: config.keys.basic });
    // after the job workers stop (a running job may still be asking it for an order)
    closers.splice(closers.indexOf(stopBoss) + 1, 0, () => emulator.close());
    emulatorUrl = emulator.openApi.base;
    openApi = emulator.openApi;
  }

  const provisioner = createProvisioner(config, secrets);
  const sizing = workerSizing(databaseKind, { concurrency: config.jobConcurrency, batchSize: config.jobBatchSize });
  if (opts.workers !== false) {
    await startWorkers(
      boss,
      {
        pool,
        boss,
        prisma,
        provisioner,
        openApi,
        encryptionKey: secrets.encryptionKey,
        usage: { basicKey: config.keys.basic, graceSeconds: config.usageGraceSeconds },
        licenceSigningKey: secrets.licenceSigningKey,
        alerts: { publicUrl: config.publicUrl, smtpUrl: config.smtpUrl, emailFrom: config.alertEmailFrom },
        debugger: debuggerDeps({ prisma, pool, config, secrets, emulatorUrl }),
      },
      { pollingIntervalSeconds: config.jobPollSeconds, ...sizing },
    );
    // spec §8.1: the usage push, every USAGE_PUSH_INTERVAL_SECONDS; every process asks, one job per interval runs
    const schedule = () => {
      scheduleUsagePush(pool, boss, config.usagePushIntervalSeconds).catch((err) => log.warn('usage push scheduling failed', { err }));
    };
    schedule();
    const pushTimer = setInterval(schedule, config.usagePushIntervalSeconds * 1000);
    pushTimer.unref();
    closers.unshift(async () => clearInterval(pushTimer));
    // spec §9.1: every live licence code's status from the marketplace, once a day; every process asks each hour
    const scheduleRefresh = () => {
      scheduleLicenceRefresh(pool, boss).catch((err) => log.warn('licence refresh scheduling failed', { err }));
    };
    scheduleRefresh();
    const refreshTimer = setInterval(scheduleRefresh, 3600 * 1000);
    refreshTimer.unref();
    closers.unshift(async () => clearInterval(refreshTimer));
    // issue 12: the alert rules, every ALERT_EVALUATE_SECONDS; one process at a time evaluates (lib/alerts/evaluate.ts)
    let evaluating = false;
    const evaluate = () => {
      if (evaluating) return;
      evaluating = true;
      evaluateAlerts({ pool, prisma, boss, digestMinutes: config.alertDigestMinutes })
        .catch((err) => log.warn('alert evaluation failed', { error: (err as Error).message }))
        .finally(() => (evaluating = false));
    };
    const alertTimer = setInterval(evaluate, config.alertEvaluateSeconds * 1000);
    alertTimer.unref();
    closers.unshift(async () => clearInterval(alertTimer));
    // spec §1.2: the self-check at SELF_CHECK_TIMES; every process ticks, one job per slot runs (lib/selfcheck/run.ts).
    // A slot this process has seen enqueued (by it or another) is not asked for again.
    if (config.selfCheck) {
      let enqueued: number | undefined;
      const tick = () => {
        const now = new Date();
        if (dueSlot(config.selfCheck, now)?.getTime() === enqueued) return;
        scheduleSelfCheck(pool, boss, config.selfCheck, now)
          .then((due) => {
            if (!due) return;
            enqueued = due.slot.getTime();
            if (due.jobId) log.info('self-check enqueued', { slot: due.slot.toISOString(), jobId: due.jobId });
          })
          .catch((err) => log.warn('self-check scheduling failed', { err }));
      };
      tick();
      const selfCheckTimer = setInterval(tick, SELF_CHECK_TICK_MS);
      selfCheckTimer.unref();
      closers.unshift(async () => clearInterval(selfCheckTimer));
    }
  }
  // spec §3.2: nonces only matter inside the 60 s timestamp window; keep five minutes, drop the rest.
  // Sign-in throttle rows a day without failures would start afresh anyway (lib/auth/throttle.ts). Delivered
  // directory events are kept KIT_EVENT_RETENTION_DAYS for support, then deleted (lib/kit/events.ts).
  const sweep = setInterval(() => {
    // SQL: one set-based DELETE by age, beside the produce path's named nonce statements
    pool.query(`DELETE FROM seen_nonce WHERE seen_at < now() - interval '5 minutes'`).catch((err) => log.warn('nonce sweep failed', { err }));
    sweepSignInThrottle(pool).catch((err) => log.warn('sign-in throttle sweep failed', { err }));
    sweepDeliveredEvents(pool, config.kitEventRetentionDays).catch((err) => log.warn('directory event sweep failed', { err }));
    sweepAlerts(pool).catch((err) => log.warn('alert sweep failed', { err }));
  }, 60_000);
  sweep.unref();
  closers.unshift(async () => clearInterval(sweep));

  await ensureFirstAdmin(pool, config.adminEmail, config.adminPassword);
  const warnings = configWarnings(config);
  for (const w of warnings) log.warn(w);
  log.info('ready', {
    database: databaseKind,
    jobWorkers: opts.workers === false ? 0 : `${sizing.concurrency} per queue, batches of ${sizing.batchSize}`,
    provisioner: provisioner.name,
    marketplaceApi: emulatorUrl ? `${emulatorUrl} (built-in emulator)` : openApi.base,
    productionUrl: `${config.publicUrl}/api/produce`,
  });
  return {
    config,
    secrets,
    databaseKind,
    databaseUrl,
    pool,
    prisma,
    boss,
    provisioner,
    openApi,
    emulatorUrl,
    warnings,
    close: closeAll,
  };
}

const KEY = Symbol.for('koogallery.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

/** The process's runtime, created on first use (instrumentation.ts starts it at boot). Survives dev reloads. */
export function getRuntime(): Promise<Runtime> {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    g[KEY] = createRuntime().catch((err) => {
      // the refusal of a database held by another process says all there is; other faults need their stack
      log.error('startup failed', { err, cause: isEmbeddedDatabaseInUse(err) ? undefined : (err as Error).stack });
      delete g[KEY]; // the next request tries again
      throw err;
    });
  }
  return g[KEY]!;
}
