import { httpError, withRole } from '@/lib/auth/guard';
import { markLicenceProduct, unmarkLicenceProduct } from '@/lib/licences/actions';
import { licenceErrorBody } from '@/lib/licences/errors';
import { listLicenceProducts } from '@/lib/licences/queue';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** GET /api/console/licences/products — marked products and the products known from stored orders. */
export const GET = withRole('viewer', async () => {
  const rt = await getRuntime();
  return Response.json({ products: await listLicenceProducts(rt.pool) });
});

async function productIdOf(req: Request): Promise<unknown> {
  const body = (await req.json().catch(() => null)) as { productId?: unknown } | null;
  if (!body || typeof body !== 'object') throw httpError(400, 'licence.productBody');
  return body.productId;
}

/** POST {"productId"} marks a licence product (admin; the action checks the role and audits, denied attempts too). */
export const POST = withRole('viewer', async (req, user) => {
  const rt = await getRuntime();
  const r = await markLicenceProduct(rt.pool, user, await productIdOf(req));
  if (!r.ok) return Response.json(licenceErrorBody(r, user.locale), { status: r.httpStatus });
  return Response.json({ productId: r.productId, queued: r.queued });
});

/** DELETE {"productId"} unmarks it (admin). */
export const DELETE = withRole('viewer', async (req, user) => {
  const rt = await getRuntime();
  const r = await unmarkLicenceProduct(rt.pool, user, await productIdOf(req));
  if (!r.ok) return Response.json(licenceErrorBody(r, user.locale), { status: r.httpStatus });
  return Response.json({ productId: r.productId, removed: r.removed });
});
