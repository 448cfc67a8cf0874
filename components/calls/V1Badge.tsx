'use client';

import { Badge } from '@/components/ui';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';

/** The mark of a V1 call (spec §4: a GET with an authToken, or a V1 kit call), in All calls and the Failures view. */
export function V1Badge() {
  const t = useT(messages);
  return (
    <Badge tone="info" data-testid="v1-badge" title={t('v1BadgeTitle')}>
      V1
    </Badge>
  );
}
