import { machineOpenApi } from '@/lib/machine/openapi';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** The machine API's OpenAPI document; open to anyone (it holds no secret). */
export async function GET() {
  return Response.json(machineOpenApi((await getRuntime()).config.publicUrl));
}
