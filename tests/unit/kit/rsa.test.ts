import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptClientSecret } from '@/lib/kit/rsa';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const encrypt = (plain: string, oaepHash: 'sha256' | 'sha1') =>
  publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, Buffer.from(plain)).toString('base64');

describe('decryptClientSecret (spec §5: RSA-OAEP, digest SHA-256 or SHA-1)', () => {
  it.each(['sha256', 'sha1'] as const)('decrypts OAEP with %s and says so', (digest) => {
    expect(decryptClientSecret(pem, encrypt('s3cret-value', digest))).toEqual({ plain: 's3cret-value', digest });
  });

  it('answers undefined for another key, garbage or nothing', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const foreign = publicEncrypt({ key: other, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from('x')).toString('base64');
    expect(decryptClientSecret(pem, foreign)).toBeUndefined();
    expect(decryptClientSecret(pem, 'not base64 at all!')).toBeUndefined();
    expect(decryptClientSecret(pem, '')).toBeUndefined();
  });
});
