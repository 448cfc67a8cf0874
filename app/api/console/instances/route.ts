import { consoleRoute } from '@/lib/console/route';
import { instanceQuerySchema } from '@/lib/instances/filters';
import { listInstances } from '@/lib/instances/queries';

export const dynamic = 'force-dynamic';

/** GET /api/console/instances?q=&status=&chargingMode=&test=&sort=&dir=&page=&limit= */
export const GET = consoleRoute({ role: 'viewer', query: instanceQuerySchema }, ({ runtime, query }) => listInstances(runtime.pool, query));
