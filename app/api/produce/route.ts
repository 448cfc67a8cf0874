import { answerProduce } from '@/lib/marketplace/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The production URL a seller registers in the marketplace (spec §3.1): lib/marketplace/route.ts. */
const answer = (req: Request) => answerProduce(req);

export { answer as POST, answer as GET, answer as HEAD, answer as PUT, answer as PATCH, answer as DELETE, answer as OPTIONS };
