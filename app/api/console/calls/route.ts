import { callQuerySchema, listCalls } from '@/lib/calls/queries';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

/** GET /api/console/calls?direction=&activity=&resultCode=&outcome=&from=&to=&id=&testFlag=&jobId=&cursor=&limit= */
export const GET = consoleRoute({ role: 'viewer', query: callQuerySchema }, ({ runtime, query: { cursor, limit, ...filters } }) =>
  listCalls(runtime.pool, filters, { cursor, limit }),
);
