import Link from 'next/link';
import { notFound } from 'next/navigation';
import { JsonView } from '@/components/JsonView';
import { LocalTime } from '@/components/LocalTime';
import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { attemptsOf, getCall, type LinkedJob } from '@/lib/calls/queries';
import { retryWindowFor } from '@/lib/calls/retryWindows';
import { getRuntime } from '@/lib/runtime';
import { Outcome } from '../CallsView';
import { CurlBox } from './CurlBox';
import { ReinvokeBox } from './ReinvokeBox';
import { refusalMessage, reinvokeRefusal } from '@/lib/calls/reinvoke';
import { getLocale, getT } from '@/lib/i18n/server';
import { translator } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/calls';
import instanceMessages from '@/lib/i18n/messages/instances';
import type { InstanceStatus } from '@/lib/instances/transitions';
import { retryWindowText, verdictText, type CallsT } from '../words';

export const dynamic = 'force-dynamic';

const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
const isJobState = (s: string): s is (typeof JOB_STATES)[number] => (JOB_STATES as readonly string[]).includes(s);

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const t = await getT(messages);
  return { title: t('metaCall', { id: (await params).id }) };
}


/** One call: what came in and what went out, formatted, with its signature verdict, instance and jobs. */
export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser('viewer');
  const { id } = await params;
  const rt = await getRuntime();
  const locale = await getLocale();
  const t = translator(messages, locale);
  const ti = translator(instanceMessages, locale);
  const jobState = (s: string) => (isJobState(s) ? ti(`job.${s}`) : s);
  const call = await getCall(rt.pool, id);
  if (!call) notFound();
  const { attempts, original } = await attemptsOf(rt.prisma, call.id);
  const resolvedBy = attempts.find((a) => a.success);
  const code = await reinvokeRefusal(rt.pool, call.id);
  const cannot = resolvedBy
    ? t('refusal.resolved', { id: resolvedBy.id })
    : code && refusalMessage(t, code, call.signatureVerdict);
  const window = call.direction === 'inbound' ? retryWindowFor(call.activity) : undefined;
  const card = 'mt-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6';
  return (
    <main>
      <p className="text-sm">
        <Link href="/calls" className="text-red-800 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
          {t('back')}
        </Link>
      </p>
      <h1 className="mt-2 flex flex-wrap items-center gap-3 text-2xl font-semibold">
        <span className="break-all">
          {t(call.direction === 'inbound' ? 'inboundTitle' : 'outboundTitle', { activity: call.activity ?? t('callWord') })}
        </span>
        <Outcome success={call.success} code={call.resultCode} />
      </h1>
      <p className="mt-1 text-sm text-slate-600">
        {t('callAt', { id: call.id })} · <LocalTime iso={call.createdAt} />
      </p>

      <section aria-label={t('summary')} className={card}>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_minmax(0,1fr)] [&>dd]:break-words [&>dt]:text-slate-500">
          <dt>{t('result')}</dt>
          <dd>
            <span className="font-mono">{call.resultCode ?? '—'}</span> {call.resultMsg}
            {call.responseStatus !== null && <span className="text-slate-500"> (HTTP {call.responseStatus})</span>}
          </dd>
          <dt>{t('signature')}</dt>
          <dd data-testid="signature-verdict">
            {call.signatureVerdict ? verdictText(t, call.signatureVerdict) : '—'}
            {call.signatureDetail && <span className="text-slate-500"> · {call.signatureDetail}</span>}
          </dd>
          <dt>{t('duration')}</dt>
          <dd>{t('ms', { n: call.durationMs })}</dd>
          <dt>{t('testFlag')}</dt>
          <dd>{call.testFlag ? t('testYes') : t('testNo')}</dd>
          {call.orderId && (
            <>
              <dt>{t('order')}</dt>
              <dd>
                {call.orderId}
                {call.orderLineId && ` / ${call.orderLineId}`}
              </dd>
            </>
          )}
          <dt>{t('instance')}</dt>
          <dd>
            {call.instanceId ? (
              <Link href={`/instances/${encodeURIComponent(call.instanceId)}`} className="text-red-800 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
                {call.instanceId}
              </Link>
            ) : (
              '—'
            )}
            {call.instance && <span className="text-slate-500"> · {ti(`status.${call.instance.status as InstanceStatus}`)}</span>}
          </dd>
          {window && !call.success && (
            <>
              <dt>{t('retries')}</dt>
              <dd>{t('retriesSpec', { text: retryWindowText(t, call.activity, window.description) })}</dd>
            </>
          )}
          {call.clientAddress && (
            <>
              <dt>{t('fromAddress')}</dt>
              <dd>{call.clientAddress}</dd>
            </>
          )}
          {call.error && (
            <>
              <dt>{t('error')}</dt>
              <dd className="text-red-800">{call.error}</dd>
            </>
          )}
        </dl>
      </section>

      {(call.jobs.length > 0 || call.parentJob) && (
        <section aria-labelledby="jobs-h" className={card}>
          <h2 id="jobs-h" className="font-medium">
            {t('jobs')}
          </h2>
          {call.parentJob && (
            <>
              <p className="mt-2 text-sm text-slate-600">{t('madeBy')}</p>
              <JobList jobs={[call.parentJob]} t={t} jobState={jobState} />
            </>
          )}
          {call.jobs.length > 0 && (
            <>
              <p className="mt-2 text-sm text-slate-600">{t('started')}</p>
              <JobList jobs={call.jobs} t={t} jobState={jobState} />
            </>
          )}
        </section>
      )}

      <section aria-labelledby="req-h" className={card}>
        <h2 id="req-h" className="font-medium">
          {t('request')}
        </h2>
        <p className="mt-2 break-all font-mono text-xs text-slate-700">
          {call.method} {readableUrl(call.url)}
        </p>
        {call.query && (
          <div className="mt-3">
            <h3 className="text-sm text-slate-500">{t('query')}</h3>
            <JsonView value={call.query} label={t('requestQuery')} none={t('jsonNone')} />
          </div>
        )}
        {call.requestHeaders && (
          <div className="mt-3">
            <h3 className="text-sm text-slate-500">{t('headers')}</h3>
            <JsonView value={call.requestHeaders} label={t('requestHeaders')} none={t('jsonNone')} />
          </div>
        )}
        <div className="mt-3">
          <h3 className="text-sm text-slate-500">{t('body')}</h3>
          <JsonView value={call.requestBody} label={t('requestBody')} none={t('jsonNone')} />
        </div>
        <p className="mt-2 text-xs text-slate-500">{t('masked')}</p>
      </section>

      <section aria-labelledby="res-h" className={card}>
        <h2 id="res-h" className="font-medium">
          {t('response')}
        </h2>
        <div className="mt-3">
          <JsonView value={call.responseBody} label={t('responseBody')} none={t('jsonNone')} />
        </div>
      </section>

      <section aria-labelledby="reinvoke-h" className={card}>
        <h2 id="reinvoke-h" className="font-medium">
          {t('reinvocation')}
        </h2>
        {original && (
          <p className="mt-2 text-sm">
            {withLink(
              original.triggeredBy ? t('isReinvocationOfBy', { user: original.triggeredBy }) : t('isReinvocationOf'),
              <Link href={`/calls/${original.id}`} className="text-red-800 underline">
                {t('callLower', { id: original.id })}
              </Link>,
            )}
          </p>
        )}
        {!original && <ReinvokeBox callId={call.id} refusal={cannot} allowed={hasRole(user.role, 'support')} outbound={call.direction === 'outbound'} />}
        {attempts.length > 0 && (
          <ul aria-label={t('attemptsList')} className="mt-3 space-y-1 text-sm">
            {attempts.map((a) => (
              <li key={a.id}>
                <Link href={`/calls/${a.id}`} className="text-red-800 underline">
                  {t('callAt', { id: a.id })}
                </Link>{' '}
                {t('attemptBy', { user: a.triggeredBy ?? t('unknown') })} <LocalTime iso={a.createdAt.toISOString()} />:{' '}
                <span className={a.success ? 'text-green-700' : 'text-red-700'}>
                  {a.resultCode} {a.success ? t('resolved') : t('attemptFailed')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="curl-h" className={card}>
        <h2 id="curl-h" className="font-medium">
          {t('reproduce')}
        </h2>
        {call.direction === 'inbound' ? (
          <CurlBox callId={call.id} allowed={hasRole(user.role, 'support')} />
        ) : (
          <p className="mt-2 text-sm text-slate-600">{t('outboundNoReplay')}</p>
        )}
      </section>
    </main>
  );
}

/** The stored URL with its query decoded for reading (the masked signature's ellipsis is percent-encoded). */
function readableUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** A translated sentence with `{link}` in it, the link put in its place. */
function withLink(sentence: string, link: React.ReactNode): React.ReactNode {
  const [before, after = ''] = sentence.split('{link}');
  return (
    <>
      {before}
      {link}
      {after}
    </>
  );
}

function JobList({ jobs, t, jobState }: { jobs: LinkedJob[]; t: CallsT; jobState: (s: string) => string }) {
  return (
    <ul className="mt-1 space-y-2 text-sm">
      {jobs.map((j) => (
        <li key={j.id} className="rounded border border-slate-200 p-2">
          <span className="font-medium">{j.queue}</span> · {jobState(j.state)} · {j.attempts === 1 ? t('attemptsOne') : t('attempts', { n: j.attempts })}
          <span className="block break-all font-mono text-xs text-slate-500">{j.id}</span>
          {j.lastError && <span className="block break-words text-xs text-red-800">{j.lastError}</span>}
          <Link href={`/calls?jobId=${encodeURIComponent(j.id)}`} className="text-xs text-red-800 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
            {t('callsByJob')}
          </Link>
        </li>
      ))}
    </ul>
  );
}
