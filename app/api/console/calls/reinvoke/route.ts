import { z } from 'zod';
import { reinvokeCalls } from '@/lib/calls/reinvoke';
import { produceDeps } from '@/lib/marketplace/route';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

const Body = z.object({ ids: z.array(z.union([z.string(), z.number()]), { error: 'calls.err.ids' }).min(1, { error: 'calls.err.ids' }).max(100, { error: 'calls.err.ids' }) });

/** Re-invokes failed calls in bulk: `{"ids": ["12", "15"]}` (at most 100), one result per id, each audited by reinvokeCalls. */
export const POST = consoleRoute(
  { role: 'support', body: Body, audit: 'call.reinvoke', recordedBy: 'domain', target: () => 'calls' },
  async ({ runtime: rt, user, body }) => ({
    results: await reinvokeCalls(produceDeps(rt), body.ids.map(String), user),
  }),
);
