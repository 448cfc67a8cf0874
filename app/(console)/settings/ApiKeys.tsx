'use client';

import { useState } from 'react';
import { LocalTime } from '@/components/LocalTime';
import { Badge, Button, Card, DataTable, FormMessage, StatePanel, useConfirm, type Column } from '@/components/ui';
import { API_SCOPES, type ApiScope } from '@/lib/apikeys/scopes';
import { useApiKeys, useRevokeApiKey, type ApiKeyRow } from '@/lib/client/hooks/apikeys';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/apikeys';
import { NewApiKey } from './NewApiKey';

/** Settings → API keys (admins): the keys without their secret, revoke with a confirmation, and the create form. */
export function ApiKeys() {
  const t = useT(messages);
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const confirm = useConfirm();
  const [notice, setNotice] = useState<string>();

  const ask = async (k: ApiKeyRow) => {
    setNotice(undefined);
    if (!(await confirm({ title: t('revokeTitle', { name: k.name }), message: t('revokeMessage'), confirmLabel: t('revoke'), tone: 'danger' }))) return;
    revoke.mutate(k.id, { onSuccess: () => setNotice(t('revoked', { name: k.name })) });
  };
  const columns: Column<ApiKeyRow>[] = [
    { key: 'name', header: t('col.name'), cell: (k) => <span className="break-all">{k.name}</span> },
    { key: 'prefix', header: t('col.prefix'), cell: (k) => <code translate="no">{k.prefix}…</code> },
    { key: 'scopes', header: t('col.scopes'), cell: (k) => <code translate="no">{k.scopes.join(', ')}</code> },
    {
      key: 'created',
      header: t('col.created'),
      cell: (k) => (
        <>
          <LocalTime iso={k.createdAt} />
          <span className="block text-xs text-slate-500" translate="no">
            {t('by', { email: k.createdBy })}
          </span>
        </>
      ),
    },
    { key: 'lastUsed', header: t('col.lastUsed'), cell: (k) => (k.lastUsedAt ? <LocalTime iso={k.lastUsedAt} /> : t('never')) },
    { key: 'revoked', header: t('col.revoked'), cell: (k) => (k.revokedAt ? <LocalTime iso={k.revokedAt} /> : <Badge tone="success">{t('active')}</Badge>) },
    {
      key: 'actions',
      header: <span className="sr-only">{t('col.actions')}</span>,
      label: t('col.actions'),
      className: 'sm:text-right',
      cell: (k) =>
        !k.revokedAt && (
          <Button size="sm" variant="danger" busy={revoke.isPending && revoke.variables === k.id} busyLabel={t('revoking')} onClick={() => void ask(k)}>
            {t('revoke')}
          </Button>
        ),
    },
  ];

  return (
    <Card title={t('title')} description={t('intro')}>
      <div className="space-y-4">
        <StatePanel query={keys} errorTitle={t('couldNotLoad')} isEmpty={() => false}>
          {(rows: ApiKeyRow[]) => <DataTable caption={t('keys')} columns={columns} rows={rows} rowKey={(k) => k.id} empty={t('none')} />}
        </StatePanel>
        <FormMessage error={revoke.error?.message} notice={notice} />
        <NewApiKey scopes={API_SCOPES as readonly ApiScope[]} />
      </div>
    </Card>
  );
}
