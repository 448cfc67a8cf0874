'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui';
import type { CallView } from '@/lib/calls/queries';
import type { LinkedJob } from '@/lib/calls/queries';
import { retryWindowFor } from '@/lib/calls/retryWindows';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import instanceMessages from '@/lib/i18n/messages/instances';
import jobMessages from '@/lib/i18n/messages/jobs';
import type { InstanceStatus } from '@/lib/instances/transitions';
import { jobKind } from '@/lib/jobs/words';
import { retryWindowText, verdictText } from '../words';
import { LINK } from '@/components/calls/link';

const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
const isJobState = (s: string): s is (typeof JOB_STATES)[number] => (JOB_STATES as readonly string[]).includes(s);

/** label → value lines; a line whose value is false, null or undefined is left out */
function Facts({ lines }: { lines: [label: string, value: ReactNode, testId?: string][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_minmax(0,1fr)] [&>dd]:break-words [&>dt]:text-slate-500">
      {lines
        .filter(([, value]) => value !== false && value !== null && value !== undefined)
        .flatMap(([label, value, testId]) => [
          <dt key={`${label}-t`}>{label}</dt>,
          <dd key={`${label}-d`} data-testid={testId}>
            {value}
          </dd>,
        ])}
    </dl>
  );
}

/** What the call was: its result, signature verdict, duration, order, instance and the marketplace's retries. */
export function CallFacts({ call }: { call: CallView }) {
  const t = useT(messages);
  const ti = useT(instanceMessages);
  const window = call.direction === 'inbound' ? retryWindowFor(call.activity) : undefined;
  return (
    <Card title={t('summary')}>
      <Facts
        lines={[
          [
            t('result'),
            <>
              <code translate="no">{call.resultCode ?? '—'}</code> <span translate="no">{call.resultMsg}</span>
              {call.responseStatus !== null && <span className="text-slate-500"> (HTTP {call.responseStatus})</span>}
            </>,
          ],
          [
            t('signature'),
            <>
              {call.signatureVerdict ? verdictText(t, call.signatureVerdict) : '—'}
              {call.signatureDetail && <span translate="no" className="text-slate-500"> · {call.signatureDetail}</span>}
            </>,
            'signature-verdict',
          ],
          [t('duration'), t('ms', { n: call.durationMs })],
          [t('testFlag'), call.testFlag ? t('testYes') : t('testNo')],
          [t('order'), call.orderId && <span translate="no">{[call.orderId, call.orderLineId].filter(Boolean).join(' / ')}</span>],
          [
            t('instance'),
            <>
              {call.instanceId ? (
                <Link href={`/instances/${encodeURIComponent(call.instanceId)}`} translate="no" className={LINK}>
                  {call.instanceId}
                </Link>
              ) : (
                '—'
              )}
              {call.instance && <span className="text-slate-500"> · {ti(`status.${call.instance.status as InstanceStatus}`)}</span>}
            </>,
          ],
          [t('retries'), window && !call.success && t('retriesSpec', { text: retryWindowText(t, call.activity, window.description) })],
          [t('fromAddress'), call.clientAddress && <span translate="no">{call.clientAddress}</span>],
          [t('error'), call.error && <span translate="no" className="text-red-800">{call.error}</span>],
        ]}
      />
    </Card>
  );
}

function JobList({ jobs }: { jobs: LinkedJob[] }) {
  const t = useT(messages);
  const ti = useT(instanceMessages);
  const tj = useT(jobMessages);
  return (
    <ul className="mt-1 space-y-2 text-sm">
      {jobs.map((j) => (
        <li key={j.id} className="rounded border border-slate-200 p-2">
          <span className="font-medium">{tj(`kind.${jobKind(j.queue, null)}`)}</span> · {isJobState(j.state) ? ti(`job.${j.state}`) : j.state} ·{' '}
          {j.attempts === 1 ? t('attemptsOne') : t('attempts', { n: j.attempts })}
          <code className="block break-all text-xs text-slate-500">{j.id}</code>
          {j.lastError && (
            <span translate="no" className="block break-words text-xs text-red-800">
              {j.lastError}
            </span>
          )}
          <Link href={`/calls?jobId=${encodeURIComponent(j.id)}`} className={`text-xs ${LINK}`}>
            {t('callsByJob')}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The jobs the call started, or the job that made it (an outbound call). */
export function CallJobs({ call }: { call: CallView }) {
  const t = useT(messages);
  if (!call.jobs.length && !call.parentJob) return null;
  return (
    <Card title={t('jobs')}>
      {call.parentJob && (
        <>
          <p className="text-sm text-slate-600">{t('madeBy')}</p>
          <JobList jobs={[call.parentJob]} />
        </>
      )}
      {call.jobs.length > 0 && (
        <>
          <p className="mt-2 text-sm text-slate-600">{t('started')}</p>
          <JobList jobs={call.jobs} />
        </>
      )}
    </Card>
  );
}
