import { consoleRoute } from '@/lib/console/route';
import { kitPrivateKey, publicKeyOf } from '@/lib/kit/rsa';

export const dynamic = 'force-dynamic';

/**
 * The joint-operation kit's public key (SPKI PEM) and its SHA-256 fingerprint, to upload when applying for application
 * credentials (spec §3.12). The first call on a DATA_DIR without KIT_RSA_PRIVATE_KEY generates the key pair (a second).
 */
export const GET = consoleRoute({ role: 'admin' }, async ({ runtime }) => publicKeyOf(kitPrivateKey(runtime)));
