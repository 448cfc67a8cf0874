'use client';

import { Badge, type BadgeTone } from '@/components/ui';
import type { InstanceStatus } from '@/lib/instances/transitions';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/instances';

const STATUS_TONE: Record<InstanceStatus, BadgeTone> = {
  provisioning: 'info',
  active: 'success',
  frozen: 'accent',
  released: 'neutral',
  failed: 'danger',
};

export function StatusBadge({ status }: { status: InstanceStatus }) {
  const t = useT(messages);
  return (
    <Badge data-testid="instance-status" tone={STATUS_TONE[status]}>
      {t(`status.${status}`)}
    </Badge>
  );
}

export function TestBadge({ test }: { test: boolean }) {
  const t = useT(messages);
  return test ? <Badge tone="warning">{t('test')}</Badge> : null;
}

