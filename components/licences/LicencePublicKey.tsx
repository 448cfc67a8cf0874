import { Card, CopyButton } from '@/components/ui';
import messages from '@/lib/i18n/messages/licences';
import { getT } from '@/lib/i18n/server';
import { publicKeyFingerprint, publicKeyPem } from '@/lib/licences/key';
import { getRuntime } from '@/lib/runtime';

/** Settings: the public half of the licence signing key, for the seller's software to verify licence keys offline. */
export async function LicencePublicKey() {
  const [t, rt] = await Promise.all([getT(messages), getRuntime()]);
  const pem = publicKeyPem(rt.secrets.licenceSigningKey);
  return (
    <Card title={t('key.title')} description={t('key.intro')}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-medium">{t('key.pem')}</h3>
        <CopyButton text={pem} label={`${t('key.copy')} ${t('key.pem')}`} />
      </div>
      <pre data-testid="licence-public-key" className="mt-2 overflow-x-auto rounded bg-slate-100 px-3 py-2 text-xs">
        {pem.trim()}
      </pre>
      <p className="mt-3 text-sm">
        <span className="text-slate-500">{t('key.fingerprint')}: </span>
        <code data-testid="licence-key-fingerprint" className="break-all text-xs">
          {publicKeyFingerprint(pem)}
        </code>
      </p>
    </Card>
  );
}
