'use client';

import { Button, Card } from '@/components/ui';
import { useRevealPassword } from '@/lib/client/hooks/instances';
import type { InstanceDetail } from '@/lib/instances/queries';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/instances';
import { Fact, Facts } from './Facts';

/** The appInfo the provisioner answered (spec §3.4): front end, admin URL, user, and the password on request. */
export function AppInfoCard({ d, isAdmin }: { d: InstanceDetail; isAdmin: boolean }) {
  const t = useT(messages);
  return (
    <Card title={<span translate="no">appInfo</span>} className="md:col-span-2">
      {d.frontEndUrl ? (
        <Facts>
          <Fact label={t('frontEnd')} data>
            <a href={d.frontEndUrl} className="break-all text-red-700 underline-offset-2 hover:underline" target="_blank" rel="noreferrer">
              {d.frontEndUrl}
            </a>
          </Fact>
          {d.adminUrl && (
            <Fact label={t('adminUrl')} data value={d.adminUrl} />
          )}
          <Fact label={t('userName')} data value={d.userName} />
          <Fact label={t('password')}>{d.hasPassword ? <Password id={d.id} isAdmin={isAdmin} /> : undefined}</Fact>
          {d.memo && <Fact label={t('memo')}>{d.memo}</Fact>}
          <Fact label={t('provisioner')} data value={d.provisioner} />
          {d.tenant && (
            <Fact label={t('tenant')} data>
              {d.tenant.name} <span className="text-xs text-slate-500">({d.tenant.id})</span>
            </Fact>
          )}
        </Facts>
      ) : (
        <p className="text-sm text-slate-600">{d.status === 'provisioning' ? t('appInfoPending') : t('noAppInfo')}</p>
      )}
    </Card>
  );
}

/** Hidden until an admin asks (each reveal is audited); Hide forgets it again. */
function Password({ id, isAdmin }: { id: string; isAdmin: boolean }) {
  const t = useT(messages);
  const reveal = useRevealPassword(id);
  if (!isAdmin) return <span className="text-slate-600">{t('adminsOnly')}</span>;
  if (reveal.data) {
    return (
      <span className="flex flex-wrap items-center gap-2">
        <code data-testid="revealed-password" className="break-all rounded bg-slate-100 px-2 py-0.5">
          {reveal.data.password}
        </code>
        <Button size="sm" onClick={() => reveal.reset()}>
          {t('hide')}
        </Button>
      </span>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-2">
      <span aria-hidden="true">••••••••</span>
      <Button size="sm" busy={reveal.isPending} busyLabel={t('revealing')} onClick={() => reveal.mutate()}>
        {t('reveal')}
      </Button>
      <span className="text-xs text-slate-500">{t('revealAudited')}</span>
      {reveal.error && (
        <span role="alert" className="text-red-700">
          {reveal.error.message}
        </span>
      )}
    </span>
  );
}
