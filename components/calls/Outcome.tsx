'use client';

import { Badge } from '@/components/ui';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';

/** A call's outcome: "ok" or "failed", with its result code (data, so not translated). */
export function Outcome({ success, code }: { success: boolean; code: string | null }) {
  const t = useT(messages);
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <Badge tone={success ? 'success' : 'danger'}>{success ? t('ok') : t('failed')}</Badge>
      {code && (
        <code translate="no" className="font-mono text-xs text-slate-700">
          {code}
        </code>
      )}
    </span>
  );
}
