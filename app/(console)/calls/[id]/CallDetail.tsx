'use client';

import { Outcome } from '@/components/calls/Outcome';
import { JsonView } from '@/components/JsonView';
import { LocalTime } from '@/components/LocalTime';
import { Badge, Card, DetailHeader } from '@/components/ui';
import type { CallView } from '@/lib/calls/queries';
import { useCall } from '@/lib/client/hooks/calls';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import { resultOf, type CallsT } from '../words';
import { CallFacts, CallJobs } from './CallFacts';
import { CurlBox } from './CurlBox';
import { Reinvocation } from './ReinvokeBox';

/** The stored URL with its query decoded for reading (the masked signature's ellipsis is percent-encoded). */
function readableUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** How the call stands to re-invocation, beside its outcome: a re-invocation itself, resolved by one, or re-invoked. */
function ReinvokedBadge({ call, t }: { call: CallView; t: CallsT }) {
  if (call.original) return <Badge tone="info">{t('reinvocationBadge')}</Badge>;
  if (!call.attempts.length) return null;
  return (
    <Badge data-testid="reinvoked-badge" tone={call.attempts.some((a) => a.success) ? 'success' : 'warning'}>
      {call.attempts.some((a) => a.success) ? t('resolvedBadge') : t('reinvokedBadge')}
    </Badge>
  );
}

/** A JSON body with its heading. */
function Body({ title, value, label, t }: { title?: string; value: unknown; label: string; t: CallsT }) {
  return (
    <div className="mt-3">
      {title && <h3 className="text-sm text-slate-500">{title}</h3>}
      <JsonView value={value} label={label} none={t('jsonNone')} />
    </div>
  );
}

/** One call's page, kept fresh by useCall: a re-invocation shows its attempt, and the call's new standing, in place. */
export function CallDetail({ initial, canSupport }: { initial: CallView; canSupport: boolean }) {
  const t = useT(messages);
  const { data } = useCall(initial.id, initial);
  const call = data ?? initial;
  return (
    <div className="space-y-6">
      <DetailHeader
        back={{ href: '/calls', label: t('back') }}
        title={t(call.direction === 'inbound' ? 'inboundTitle' : 'outboundTitle', { activity: call.activity ?? t('callWord') })}
        badges={
          <>
            <Outcome success={call.success} code={resultOf(call)} />
            <ReinvokedBadge call={call} t={t} />
          </>
        }
        subtitle={
          <span>
            {t('callAt', { id: call.id })} · <LocalTime iso={call.createdAt} />
          </span>
        }
      />
      <CallFacts call={call} />
      <CallJobs call={call} />
      <Card title={t('request')}>
        <p translate="no" className="break-all font-mono text-xs text-slate-700">
          {call.method} {readableUrl(call.url)}
        </p>
        {call.query && <Body title={t('query')} value={call.query} label={t('requestQuery')} t={t} />}
        {call.requestHeaders && <Body title={t('headers')} value={call.requestHeaders} label={t('requestHeaders')} t={t} />}
        <Body title={t('body')} value={call.requestBody} label={t('requestBody')} t={t} />
        <p className="mt-2 text-xs text-slate-500">{t('masked')}</p>
      </Card>
      <Card title={t('response')}>
        <Body value={call.responseBody} label={t('responseBody')} t={t} />
      </Card>
      <Card title={t('reinvocation')}>
        <Reinvocation call={call} allowed={canSupport} />
      </Card>
      <Card title={t('reproduce')}>
        {call.direction === 'inbound' ? <CurlBox callId={call.id} allowed={canSupport} v1={call.v1} /> : <p className="text-sm text-slate-600">{t('outboundNoReplay')}</p>}
      </Card>
    </div>
  );
}
