import { answerProduce } from '@/lib/marketplace/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The joint-operation kit interfaces V1 (spec §4.11): `<production URL>/produceAPI/{tenantSync, applicationSync,
 * authSync, singleOrgSync, allOrgSync}`, signed with an `authToken` header, answered with a Body-Sign. The V2 ones are
 * under `produceAPI/v2/` (its own route). An unknown name is answered 000002 naming it (lib/marketplace/produce.ts).
 */
async function answer(req: Request, ctx: { params: Promise<{ name: string }> }): Promise<Response> {
  const { name } = await ctx.params;
  return answerProduce(req, { kit: name, kitV1: true });
}

export { answer as POST, answer as GET, answer as HEAD, answer as PUT, answer as PATCH, answer as DELETE, answer as OPTIONS };
