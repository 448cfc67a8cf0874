'use client';

import Link from 'next/link';
import { useState } from 'react';
import { CaseTable } from '@/components/debugger/CaseTable';
import { VerdictBadge } from '@/components/debugger/Checks';
import { Notice } from '@/components/debugger/Notice';
import { RunHistory } from '@/components/debugger/RunHistory';
import { RunResults } from '@/components/debugger/RunResults';
import { Button, Card, StatePanel } from '@/components/ui';
import { useDebuggerCases, useDeleteCase, useRunAll, useRunCase } from '@/lib/client/hooks/debugger';
import { replayWarnings } from '@/lib/debugger/catalog';
import type { RunOutcome } from '@/lib/debugger/runner';
import type { CaseRow, RunRow } from '@/lib/debugger/queries';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';

/** spec §10.1 调试用例管理: the saved cases with Run all, the last run's results, and the history. */
export function CasesView({ initialCases, initialRuns, canRun, openRun }: { initialCases: CaseRow[]; initialRuns: RunRow[]; canRun: boolean; openRun?: string }) {
  const t = useT(messages);
  const cases = useDebuggerCases(initialCases);
  const runAll = useRunAll();
  const runOne = useRunCase();
  const remove = useDeleteCase();
  const [lastRun, setLastRun] = useState<RunOutcome>();
  const [message, setMessage] = useState<string>();
  const list = cases.data ?? [];
  const warned = replayWarnings(list);
  const busy = runAll.isPending || runOne.isPending;
  const mutationError = runAll.error ?? runOne.error ?? remove.error;
  const ran = {
    onSuccess: (r: RunOutcome) => {
      setLastRun(r);
      setMessage(undefined);
    },
  };

  return (
    <div>
      {!canRun && <Notice>{t('viewerNote')}</Notice>}
      <Card
        title={t('cases.title')}
        description={t('cases.intro')}
        className="mt-6"
        actions={
          canRun &&
          list.length > 0 && (
            <Button variant="primary" busy={runAll.isPending} busyLabel={t('cases.running')} disabled={busy} onClick={() => runAll.mutate(undefined, ran)}>
              {t('cases.runAll')}
            </Button>
          )
        }
      >
        {warned.length > 0 && <Notice>{t('cases.replayWarning', { names: warned.join(', ') })}</Notice>}
        {mutationError && (
          <p role="alert" className="mt-3 text-sm text-red-800">
            {t('error', { error: mutationError.message })}
          </p>
        )}
        {message && (
          <p role="status" className="mt-3 text-sm text-emerald-800">
            {message}
          </p>
        )}
        <StatePanel
          query={cases}
          className="mt-4"
          loading={t('loading')}
          errorMessage={cases.error ? t('cases.loadError', { error: cases.error.message }) : undefined}
          empty={
            <>
              {t('cases.empty')}{' '}
              <Link href="/debugger" className="text-red-800 underline focus-visible:outline-2 focus-visible:outline-red-700">
                {t('cases.newCase')}
              </Link>
            </>
          }
        >
          <CaseTable
            cases={list}
            canRun={canRun}
            busy={busy}
            onRun={(c) => runOne.mutate(c.id, ran)}
            onDelete={(c) => remove.mutate(c, { onSuccess: () => setMessage(t('cases.deleted', { name: c.name })) })}
          />
        </StatePanel>
      </Card>

      {lastRun && (
        <Card
          className="mt-6"
          title={
            <span className="flex flex-wrap items-center gap-2">
              {t('run.title', { id: lastRun.runId })}
              <VerdictBadge pass={lastRun.failed === 0} />
              <span data-testid="run-summary" className="text-sm font-normal text-slate-600">
                {t('run.summary', { passed: lastRun.passed, failed: lastRun.failed })}
              </span>
            </span>
          }
        >
          <RunResults results={lastRun.results} />
        </Card>
      )}

      <RunHistory initial={initialRuns} openRun={openRun} />
    </div>
  );
}
