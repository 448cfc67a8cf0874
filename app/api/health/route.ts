import { breakerSnapshots } from '@/lib/openapi/breaker';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** 200 with the database's state once the app can serve; 503 while it cannot. */
export async function GET(): Promise<Response> {
  try {
    const rt = await getRuntime();
    const started = performance.now();
    await rt.pool.query('SELECT 1');
    return Response.json({
      status: 'ok',
      database: { kind: rt.databaseKind, state: 'up', latencyMs: Math.round((performance.now() - started) * 100) / 100 },
      warnings: rt.warnings,
      // this process's outbound circuits (lib/openapi/breaker.ts): closed, open (until retryAt) or halfOpen
      breakers: breakerSnapshots().map(({ api, state, failures, retryAt }) => ({ api, state, failures, retryAt })),
    });
  } catch (err) {
    return Response.json({ status: 'unavailable', database: { state: 'down', error: (err as Error).message } }, { status: 503 });
  }
}
