'use client';

import { Card, CopyButton, StatePanel } from '@/components/ui';
import { useKitPublicKey, type KitPublicKey as Key } from '@/lib/client/hooks/kit';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/kit';

/** Settings → Joint-operation public key (admins): the RSA public key to upload when applying for application credentials. */
export function KitPublicKey() {
  const t = useT(messages);
  const key = useKitPublicKey();
  return (
    <Card title={t('key.title')} description={t('key.intro')}>
      <StatePanel query={key} errorTitle={t('key.couldNotLoad')} isEmpty={() => false}>
        {(k: Key) => (
          <>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="text-sm font-medium">{t('key.pem')}</h3>
              <CopyButton text={k.pem} label={`${t('key.copy')} ${t('key.pem')}`} data-testid="kit-public-key-copy" />
            </div>
            <pre data-testid="kit-public-key" translate="no" className="mt-2 overflow-x-auto rounded bg-slate-100 px-3 py-2 font-mono text-xs">
              {k.pem.trim()}
            </pre>
            <p className="mt-3 text-sm">
              <span className="text-slate-500">{t('key.fingerprint')}: </span>
              <code data-testid="kit-key-fingerprint" translate="no" className="break-all font-mono text-xs">
                {k.fingerprint}
              </code>
            </p>
          </>
        )}
      </StatePanel>
    </Card>
  );
}
