'use client';

import Link from 'next/link';
import { LocalTime } from '@/components/LocalTime';
import { Button, errorMessageOf, useConfirm } from '@/components/ui';
import type { CallView } from '@/lib/calls/queries';
import { useReinvoke, type Reinvoked } from '@/lib/client/hooks/calls';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import { reinvokeRefusalText, type CallsT } from '../words';

const LINK = 'text-red-800 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-red-700';

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

/** What the re-invocation gave: the new attempt's result with a link to it, or the job queued to run again. */
function Outcome({ result: r, t }: { result: Reinvoked; t: CallsT }) {
  if ('queued' in r) {
    return (
      <p role="status" className="text-green-700">
        {t('queued', { jobId: r.jobId })}
      </p>
    );
  }
  return (
    <p role="status" className={r.success ? 'text-green-700' : 'text-red-700'}>
      {r.success ? t('succeeded') : t('stillFailing')}
      <span translate="no">{`${r.resultCode} ${r.resultMsg ?? ''}`.trim()}</span> · {t('newAttempt')}{' '}
      <Link href={`/calls/${r.newCallId}`} className={LINK}>
        {t('callLower', { id: r.newCallId })}
      </Link>
    </p>
  );
}

/** Runs a failed call again after the console's confirmation; the new attempt appears in the list below, in place. */
function ReinvokeBox({ call, allowed }: { call: CallView; allowed: boolean }) {
  const t = useT(messages);
  const confirm = useConfirm();
  const reinvoke = useReinvoke();
  if (!allowed) return <p className="text-sm text-slate-600">{t('needsSupport')}</p>;
  const resolvedBy = call.attempts.find((a) => a.success)?.id;
  const refusal = call.reinvokeRefusal && reinvokeRefusalText(t, call.reinvokeRefusal, call.signatureVerdict, resolvedBy);

  async function run() {
    const question = t('runAgain', { id: call.id });
    if (!(await confirm({ title: question, message: t(call.direction === 'outbound' ? 'outboundHint' : 'reinvokeIntro'), confirmLabel: t('yesRun') }))) return;
    reinvoke.mutate(call.id);
  }
  return (
    <div className="space-y-2 text-sm">
      {reinvoke.data && <Outcome result={reinvoke.data} t={t} />}
      {/* the refreshed call says when it cannot be re-invoked again (resolved, its job re-running) */}
      {refusal ? (
        <p className="text-slate-600">{t('cannotReinvoke', { reason: refusal })}</p>
      ) : (
        <>
          <p className="text-slate-600">{t(call.direction === 'outbound' ? 'outboundHint' : 'reinvokeIntro')}</p>
          <Button variant="primary" busy={reinvoke.isPending} busyLabel={t('running')} onClick={run}>
            {t('reinvoke')}
          </Button>
        </>
      )}
      {reinvoke.isError && (
        <p role="alert" className="text-red-700">
          {errorMessageOf(reinvoke.error, '')}
        </p>
      )}
    </div>
  );
}

/** The re-invocation card: the call this one re-invoked, or re-invoking it; then its attempts, oldest first. */
export function Reinvocation({ call, allowed }: { call: CallView; allowed: boolean }) {
  const t = useT(messages);
  const { original } = call;
  return (
    <div className="space-y-3 text-sm">
      {original ? (
        <p>
          {withLink(
            original.triggeredBy ? t('isReinvocationOfBy', { user: original.triggeredBy }) : t('isReinvocationOf'),
            <Link href={`/calls/${original.id}`} className={LINK}>
              {t('callLower', { id: original.id })}
            </Link>,
          )}
        </p>
      ) : (
        <ReinvokeBox call={call} allowed={allowed} />
      )}
      {call.attempts.length > 0 && (
        <ul id="attempts" aria-label={t('attemptsList')} className="space-y-1">
          {call.attempts.map((a) => (
            <li key={a.id}>
              <Link href={`/calls/${a.id}`} className={LINK}>
                {t('callAt', { id: a.id })}
              </Link>{' '}
              {t('attemptBy', { user: a.triggeredBy ?? t('unknown') })} <LocalTime iso={a.createdAt} />:{' '}
              <span className={a.success ? 'text-green-700' : 'text-red-700'}>
                <code translate="no">{a.resultCode}</code> {a.success ? t('resolved') : t('attemptFailed')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
