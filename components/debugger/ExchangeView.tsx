'use client';

import { JsonView } from '@/components/JsonView';
import { CopyButton } from '@/components/ui';
import type { Exchange } from '@/lib/debugger/send';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';
import { Checks } from './Checks';

const pre =
  'overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-3 font-mono text-xs text-slate-800 focus-visible:outline-2 focus-visible:outline-red-700';

/** One call as sent and answered: the verdict first, then the exact request, the curl command and the answer. */
export function ExchangeView({ exchange, headingLevel = 3 }: { exchange: Exchange; headingLevel?: 3 | 4 }) {
  const t = useT(messages);
  const H = `h${headingLevel}` as 'h3' | 'h4';
  const { request, response, verdict } = exchange;
  const headerLines = (h: Record<string, string>) =>
    Object.entries(h)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
  return (
    <div className="space-y-4">
      <div
        role="status"
        data-testid="verdict-summary"
        className={`rounded border p-3 text-sm font-medium ${verdict.pass ? 'border-emerald-200 bg-emerald-50 text-emerald-900' : 'border-red-200 bg-red-50 text-red-900'}`}
      >
        {t(verdict.pass ? 'result.pass' : 'result.fail')}
        {verdict.resultCode && <span className="ml-2 font-mono">{verdict.resultCode}</span>}
      </div>
      <section aria-label={t('result.checks')}>
        <H className="text-sm font-semibold">{t('result.checks')}</H>
        <Checks checks={verdict.checks} />
        {exchange.polls ? <p className="mt-1 text-xs text-slate-600">{t('result.polls', { count: exchange.polls })}</p> : null}
      </section>
      <section aria-label={t('result.request')}>
        <H className="text-sm font-semibold">{t('result.request')}</H>
        <p className="mt-1 text-xs text-slate-600">{t('result.signedWith', { label: exchange.target.keyLabel })}</p>
        <pre tabIndex={0} aria-label={t('result.request')} className={`mt-1 ${pre}`}>
          {`${request.method} ${request.url}\n${headerLines(request.headers)}\n\n${request.body}`}
        </pre>
      </section>
      <section aria-label={t('result.curl')}>
        <div className="flex flex-wrap items-center gap-2">
          <H className="text-sm font-semibold">{t('result.curl')}</H>
          <CopyButton text={request.curl} size="sm" />
        </div>
        <p className="mt-1 text-xs text-slate-600">{t(request.method === 'GET' ? 'result.curlNoteV1' : 'result.curlNote')}</p>
        <pre
          tabIndex={0}
          aria-label={t('result.curl')}
          data-testid="curl"
          className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-3 font-mono text-xs text-slate-100 focus-visible:outline-2 focus-visible:outline-red-700"
        >
          {request.curl}
        </pre>
      </section>
      <section aria-label={t('result.response')}>
        <H className="text-sm font-semibold">{t('result.response')}</H>
        {response.status === 0 ? (
          <p className="mt-1 text-sm text-red-800">{t('result.noAnswer', { error: response.error ?? '' })}</p>
        ) : (
          <>
            <p className="mt-1 text-sm" data-testid="response-status">
              {t('result.status', { status: response.status, ms: Math.round(response.durationMs) })}
            </p>
            <pre tabIndex={0} aria-label={t('result.headers')} className={`mt-1 ${pre}`}>
              {headerLines(response.headers)}
            </pre>
            <div className="mt-2">
              <JsonView value={response.body} label={t('result.body')} />
              {response.masked && <p className="mt-1 text-xs text-slate-600">{t('result.masked')}</p>}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
