'use client';

import { useState } from 'react';
import { Button, Card, ConfirmDialog } from '@/components/ui';
import { hasRole, type Role } from '@/lib/auth/roles';
import { useInstanceAction } from '@/lib/client/hooks/instances';
import type { InstanceAction } from '@/lib/instances/actions';
import type { InstanceDetail } from '@/lib/instances/queries';
import type { InstanceStatus } from '@/lib/instances/transitions';
import { useT } from '@/lib/i18n/client';
import common from '@/lib/i18n/messages/common';
import messages from '@/lib/i18n/messages/instances';

/** What each action needs and when it applies (its label and confirmation are `action.*` / `confirm.*` messages). Mirrors lib/instances/actions (the API decides). */
const ACTION_UI: Record<InstanceAction, { role: Role; when: InstanceStatus[]; danger?: boolean }> = {
  retry: { role: 'support', when: ['failed'] },
  freeze: { role: 'admin', when: ['active'] },
  unfreeze: { role: 'admin', when: ['frozen'] },
  release: { role: 'admin', when: ['provisioning', 'active', 'frozen', 'failed'], danger: true },
};

/** The console's actions on the instance, each after a confirmation; the outcome is said in place. */
export function InstanceActions({ d, role }: { d: InstanceDetail; role: Role }) {
  const t = useT(messages);
  const tc = useT(common);
  const act = useInstanceAction(d.id);
  // the action being confirmed; kept while the dialog closes, so its words stay put
  const [confirming, setConfirming] = useState<{ action: InstanceAction; open: boolean } | null>(null);
  const [notice, setNotice] = useState<string>();
  const close = () => setConfirming((c) => c && { ...c, open: false });
  const open = (action: InstanceAction) => {
    act.reset();
    setNotice(undefined);
    setConfirming({ action, open: true });
  };
  const confirm = (action: InstanceAction) =>
    act.mutate(action, {
      onSuccess: (r) => {
        close();
        setNotice(t('done', { action: t(`action.${action}`), status: t(`status.${r.status}`) }));
      },
    });
  const available = (Object.keys(ACTION_UI) as InstanceAction[]).filter((a) => ACTION_UI[a].when.includes(d.status));
  const allowed = available.filter((a) => hasRole(role, ACTION_UI[a].role));

  return (
    <Card title={t('actions')}>
      {allowed.length > 0 ? (
        <div className="flex flex-wrap gap-2">
          {allowed.map((a) => (
            <Button key={a} variant={ACTION_UI[a].danger ? 'danger' : 'secondary'} onClick={() => open(a)}>
              {t(`action.${a}`)}…
            </Button>
          ))}
        </div>
      ) : (
        <p className="text-sm text-slate-600">{available.length > 0 ? t('roleCannot', { role: tc(`role.${role}`) }) : t('noAction', { status: t(`status.${d.status}`) })}</p>
      )}
      {notice && (
        <p role="status" className="mt-3 text-sm text-emerald-800">
          {notice}
        </p>
      )}
      {d.failureReason && (
        <p className="mt-3 rounded bg-red-50 p-3 text-sm text-red-900">
          <span className="font-medium">{t('provisioningFailed')}</span> {d.failureReason}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          open={confirming.open}
          title={t('confirmTitle', { action: t(`action.${confirming.action}`) })}
          message={t(`confirm.${confirming.action}`)}
          confirmLabel={t(`action.${confirming.action}`)}
          tone={ACTION_UI[confirming.action].danger ? 'danger' : 'default'}
          busy={act.isPending}
          busyLabel={t('working')}
          error={act.error?.message}
          onConfirm={() => confirm(confirming.action)}
          onCancel={close}
        >
          <p translate="no" className="mt-2 break-all font-mono text-xs text-slate-500">
            {d.id}
          </p>
        </ConfirmDialog>
      )}
    </Card>
  );
}
