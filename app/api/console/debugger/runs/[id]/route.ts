import { consoleRoute } from '@/lib/console/route';
import { runResults } from '@/lib/debugger/queries';

export const dynamic = 'force-dynamic';

/** One run's results: per call, the verdict and its checks. */
export const GET = consoleRoute<{ id: string }>({ role: 'viewer' }, async ({ runtime, params }) => ({ results: await runResults(runtime.prisma, params.id) }));
