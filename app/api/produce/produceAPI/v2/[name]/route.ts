import { answerProduce } from '@/lib/marketplace/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The joint-operation kit interfaces (spec §3.12): `<production URL>/produceAPI/v2/{tenantSync, applicationSync,
 * authSync, singleOrgSync, allOrgSync}`. An unknown name is answered 000002 naming it (lib/marketplace/produce.ts).
 */
async function answer(req: Request, ctx: { params: Promise<{ name: string }> }): Promise<Response> {
  const { name } = await ctx.params;
  return answerProduce(req, { kit: name });
}

export { answer as POST, answer as GET, answer as HEAD, answer as PUT, answer as PATCH, answer as DELETE, answer as OPTIONS };
