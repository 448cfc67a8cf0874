import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { audit } from '../audit';
import type { ConsoleUser } from '../auth/users';
import type { AppConfig } from '../config';
import { handleProduce } from '../marketplace/produce';

/**
 * Manual re-invocation (issue 3; spec §10.2 "重新启动"): a failed inbound call whose signature was valid runs again
 * through the same code path as a live call. Each attempt is a new call-log entry linked to the original
 * (reinvoked_from) with who triggered it; the original counts as resolved once an attempt succeeds. Racing a
 * marketplace retry still gives one result, because idempotency lives in the database constraints, not here.
 */
export interface ReinvokeDeps {
  pool: pg.Pool;
  boss: PgBoss;
  config: AppConfig;
  encryptionKey: string;
}

export type ReinvokeResult =
  | { id: string; ok: true; newCallId: string; resultCode: string; resultMsg: string; success: boolean }
  | { id: string; ok: false; error: string };

interface StoredCall {
  id: string;
  direction: string;
  activity: string | null;
  signature_verdict: string | null;
  success: boolean;
  method: string;
  url: string;
  request_body: string | null;
  request_headers: Record<string, string> | null;
}

/** Why a call cannot be re-invoked, as a code the console translates (`refusal.*` in lib/i18n/messages/calls). */
export type RefusalCode = 'missing' | 'outbound' | 'signature' | 'succeeded' | 'noBody';

export function refusalCode(
  c: Pick<StoredCall, 'direction' | 'signature_verdict' | 'success' | 'request_body'> | undefined,
): RefusalCode | undefined {
  if (!c) return 'missing';
  if (c.direction !== 'inbound') return 'outbound';
  if (c.signature_verdict !== 'valid') return 'signature';
  if (c.success) return 'succeeded';
  if (c.request_body === null) return 'noBody';
  return undefined;
}

/** Why a call cannot be re-invoked, in English (API answers, the audit log), or undefined when it can. */
export function refusal(
  c: Pick<StoredCall, 'direction' | 'signature_verdict' | 'success' | 'request_body'> | undefined,
): string | undefined {
  switch (refusalCode(c)) {
    case 'missing':
      return 'no such call';
    case 'outbound':
      return 'only calls from the marketplace can be re-invoked (retry an outbound call through its job)';
    case 'signature':
      return `its signature was refused (${c!.signature_verdict ?? 'not checked'}): it may not be run again`;
    case 'succeeded':
      return 'it succeeded: there is nothing to re-invoke';
    case 'noBody':
      return 'its request body was not stored';
    default:
      return undefined;
  }
}

export async function reinvokeCalls(deps: ReinvokeDeps, ids: string[], user: ConsoleUser): Promise<ReinvokeResult[]> {
  const results: ReinvokeResult[] = [];
  for (const id of ids) results.push(await reinvokeOne(deps, id, user));
  return results;
}

async function reinvokeOne(deps: ReinvokeDeps, id: string, user: ConsoleUser): Promise<ReinvokeResult> {
  if (!/^\d{1,19}$/.test(id)) return { id, ok: false, error: 'no such call' };
  const { rows } = await deps.pool.query<StoredCall>(
    `SELECT id::text, direction, activity, signature_verdict, success, method, url, request_body, request_headers FROM call WHERE id = $1`,
    [id],
  );
  const stored = rows[0];
  const why = refusal(stored);
  if (why) {
    await audit(deps.pool, { user, action: 'call.reinvoke', target: `call ${id}`, outcome: 'denied', detail: { reason: why } });
    return { id, ok: false, error: why };
  }
  const out = await handleProduce(
    {
      method: stored!.method,
      url: stored!.url,
      query: {},
      headers: stored!.request_headers ?? {},
      rawBody: stored!.request_body!,
      clientAddress: `console:${user.email}`,
    },
    deps,
    { of: BigInt(id), by: user.email },
  );
  const { rows: created } = await deps.pool.query<{ id: string; success: boolean }>(
    'SELECT id::text, success FROM call WHERE reinvoked_from = $1 ORDER BY call.id DESC LIMIT 1',
    [id],
  );
  const attempt = created[0];
  await audit(deps.pool, {
    user,
    action: 'call.reinvoke',
    target: `call ${id}`,
    outcome: attempt?.success ? 'success' : 'failure',
    detail: { activity: stored!.activity, resultCode: out.result.resultCode, newCallId: attempt?.id },
  });
  return {
    id,
    ok: true,
    newCallId: attempt?.id ?? '',
    resultCode: out.result.resultCode,
    resultMsg: out.result.resultMsg,
    success: attempt?.success ?? false,
  };
}
