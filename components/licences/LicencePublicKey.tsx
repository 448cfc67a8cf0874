import messages from '@/lib/i18n/messages/licences';
import { getT } from '@/lib/i18n/server';
import { publicKeyFingerprint, publicKeyPem } from '@/lib/licences/key';
import { getRuntime } from '@/lib/runtime';
import { CopyButton } from '@/components/ui';

/** Settings: the public half of the licence signing key, for the seller's software to verify licence keys offline. */
export async function LicencePublicKey() {
  const [t, rt] = await Promise.all([getT(messages), getRuntime()]);
  const pem = publicKeyPem(rt.secrets.licenceSigningKey);
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="licence-key-h">
      <h2 id="licence-key-h" className="font-medium">
        {t('key.title')}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t('key.intro')}</p>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
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
    </section>
  );
}
