import { consoleRoute } from '@/lib/console/route';
import { selfCheckSummary } from '@/lib/selfcheck/queries';

export const dynamic = 'force-dynamic';

/** The Overview's self-check card: the schedule, the next slot, the latest scheduled run, the passing streak, the saved cases. */
export const GET = consoleRoute({ role: 'viewer' }, ({ runtime }) => selfCheckSummary(runtime.prisma, runtime.config.selfCheck));
