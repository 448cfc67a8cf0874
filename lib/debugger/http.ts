import { getRuntime } from '../runtime';
import type { DebuggerDeps, Invalid } from './runner';

/** The debugger's dependencies from the process's runtime. */
export async function debuggerDeps(): Promise<DebuggerDeps> {
  const rt = await getRuntime();
  return { pool: rt.pool, config: rt.config, encryptionKey: rt.secrets.encryptionKey, emulatorUrl: rt.emulatorUrl };
}

/** 400 with the error of each field (codes the console translates, see lib/i18n/messages/debugger.ts). */
export function invalidResponse(v: Invalid): Response {
  const first = Object.keys(v.general ?? {})[0] ?? Object.keys(v.errors)[0];
  return Response.json({ error: `invalid ${first ?? 'request'}`, fields: v.errors, general: v.general ?? {} }, { status: 400 });
}

export async function jsonBody(req: Request): Promise<Record<string, unknown>> {
  const body = (await req.json().catch(() => null)) as unknown;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
