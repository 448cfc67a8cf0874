import { z } from 'zod';
import { kitPrivateKey, publicKeyOf } from '../kit/rsa';
import type { Runtime } from '../runtime';
import type { DebuggerDeps } from './runner';
import { RUN_TRIGGERS, type RunTrigger } from './catalog';

/** The debugger's dependencies from the process's runtime (or the parts of it the job workers start with). */
export function debuggerDeps(rt: Pick<Runtime, 'prisma' | 'pool' | 'config' | 'secrets' | 'emulatorUrl'>): DebuggerDeps {
  return {
    prisma: rt.prisma,
    pool: rt.pool,
    config: rt.config,
    encryptionKey: rt.secrets.encryptionKey,
    emulatorUrl: rt.emulatorUrl,
    kitPublicKey: () => publicKeyOf(kitPrivateKey(rt)).pem,
  };
}

/**
 * The bodies of the debugger's console API. Only their shape: the values (activity, its fields, URL, key, name) are
 * checked by lib/debugger/runner.ts, which names every field at fault with the messages the form shows too.
 */
const target = { url: z.unknown().optional(), key: z.unknown().optional() };
export const sendBody = z.object({ activity: z.unknown(), params: z.unknown().optional(), ...target });
export const caseBody = z.object({ name: z.unknown(), activity: z.unknown(), params: z.unknown().optional(), ...target });
/** generation "v1": the V1 lifecycle (spec §4: the instance's life, then licence V1); else V2's */
export const lifecycleBody = z.object({ ...target, generation: z.enum(['v2', 'v1']).optional() });


/** `?trigger=run_all,case&limit=30`: unknown triggers are dropped, a bad limit is the default. */
export const runsQuery = z.object({
  trigger: z
    .string()
    .optional()
    .transform((t) => t?.split(',').filter((x): x is RunTrigger => (RUN_TRIGGERS as readonly string[]).includes(x)))
    .transform((t) => (t?.length ? t : undefined)),
  limit: z.coerce.number().int().min(1).max(200).optional().catch(undefined),
});
