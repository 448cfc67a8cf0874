import { reinvokeCalls } from '@/lib/calls/reinvoke';
import { produceDeps } from '@/lib/marketplace/route';
import { consoleRoute } from '@/lib/console/route';
import { Refusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** Re-invokes one failed call (support and admin); a call that cannot be is a 409. reinvokeCalls audits each attempt. */
export const POST = consoleRoute<{ id: string }>(
  { role: 'support', audit: 'call.reinvoke', recordedBy: 'domain', target: ({ id }) => `call ${id}` },
  async ({ runtime: rt, user, params }) => {
    const [result] = await reinvokeCalls(produceDeps(rt), [params.id], user);
    return result!.ok ? result : new Refusal('conflict', result!.why);
  },
);
