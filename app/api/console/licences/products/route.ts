import { z } from 'zod';
import { consoleRoute } from '@/lib/console/route';
import { LICENCE_ROLE, markLicenceProduct, unmarkLicenceProduct } from '@/lib/licences/actions';
import { listLicenceProducts } from '@/lib/licences/queries';

export const dynamic = 'force-dynamic';

/** `{"productId": "…"}`; markLicenceProduct checks the id itself (lib/licences/validation.ts, naming the field). */
const Body = z.object({ productId: z.unknown() }, { error: 'errors.licence.productBody' });
/** Marking may also say `generation` (manual | licence_code | online) and `deviceFingerprintRequired` (spec §9.2, §6 000903). */
const MarkBody = z.object({ productId: z.unknown(), generation: z.unknown().optional(), deviceFingerprintRequired: z.unknown().optional() }, { error: 'errors.licence.productBody' });

/** GET /api/console/licences/products — marked products and the products known from stored orders. */
export const GET = consoleRoute({ role: 'viewer' }, async ({ runtime }) => ({ products: await listLicenceProducts(runtime.pool) }));

/** POST {"productId", "generation"?, "deviceFingerprintRequired"?} marks a licence product (admin; the action audits, the wrapper a denial). */
export const POST = consoleRoute(
  { role: LICENCE_ROLE.mark, body: MarkBody, audit: 'licence.product.mark', recordedBy: 'domain', target: () => 'product/?' },
  ({ runtime, user, body }) => markLicenceProduct(runtime.pool, user, body.productId, body),
);

/** DELETE {"productId"} unmarks it (admin). */
export const DELETE = consoleRoute(
  { role: LICENCE_ROLE.mark, body: Body, audit: 'licence.product.unmark', recordedBy: 'domain', target: () => 'product/?' },
  ({ runtime, user, body }) => unmarkLicenceProduct(runtime.pool, user, body.productId),
);
