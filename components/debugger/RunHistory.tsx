'use client';

import { useState } from 'react';
import { LocalTime } from '@/components/LocalTime';
import { Card, DataTable, INPUT_CLASS, StatePanel, type Column } from '@/components/ui';
import { useDebuggerRun, useDebuggerRuns } from '@/lib/client/hooks/debugger';
import { RUN_TRIGGERS, type RunTrigger } from '@/lib/debugger/catalog';
import type { RunRow } from '@/lib/debugger/queries';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';
import { VerdictBadge } from './Checks';
import { RunResults } from './RunResults';

type Key = keyof (typeof messages)['en'];

/** The pass rate of Run all and of the self-check (the same replay) over their last runs, oldest first: one bar a run, green for the share that passed. */
function PassRate({ runs }: { runs: RunRow[] }) {
  const t = useT(messages);
  const runAlls = runs.filter((r) => r.trigger === 'run_all' || r.trigger === 'scheduled').slice(0, 20).reverse();
  if (runAlls.length === 0) return null;
  return (
    <figure className="mb-4">
      <figcaption className="text-xs text-slate-600">{t('history.trend', { count: runAlls.length })}</figcaption>
      <div className="mt-1 flex h-16 items-end gap-1" data-testid="run-trend">
        {runAlls.map((r) => {
          const total = r.passed + r.failed;
          const label = t('history.trendBar', { id: r.id, passed: r.passed, total });
          return (
            <span key={r.id} role="img" aria-label={label} title={label} className="flex h-full w-4 flex-col justify-end rounded-sm bg-red-200">
              <span className="block rounded-sm bg-emerald-500" style={{ height: `${Math.round((total ? r.passed / total : 0) * 100)}%` }} />
            </span>
          );
        })}
      </div>
    </figure>
  );
}

/** Every run, newest first, or those one trigger started: when (opens its results below), what started it, who, and the outcome; `openRun` opened first. */
export function RunHistory({ initial, openRun }: { initial: RunRow[]; openRun?: string }) {
  const t = useT(messages);
  const [trigger, setTrigger] = useState<RunTrigger>();
  const runs = useDebuggerRuns(initial, trigger);
  const [open, setOpen] = useState<string | undefined>(openRun);
  const results = useDebuggerRun(open);
  const columns: Column<RunRow>[] = [
    {
      key: 'when',
      header: t('history.when'),
      className: 'whitespace-nowrap text-xs',
      cell: (r) => (
        <button
          type="button"
          aria-expanded={open === r.id}
          aria-controls="history-run"
          aria-label={t('history.open', { id: r.id })}
          onClick={() => setOpen(open === r.id ? undefined : r.id)}
          className="text-left text-red-800 underline focus-visible:outline-2 focus-visible:outline-red-700"
        >
          <LocalTime iso={r.startedAt} />
        </button>
      ),
    },
    { key: 'trigger', header: t('history.trigger'), className: 'text-xs', cell: (r) => t(`trigger.${r.trigger}` as Key) },
    { key: 'who', header: t('history.who'), className: 'break-all text-xs', cell: (r) => <span translate="no">{r.triggeredBy}</span> },
    {
      key: 'outcome',
      header: t('history.outcome'),
      className: 'text-xs',
      cell: (r) => (
        <span className="flex flex-wrap items-center gap-1">
          <VerdictBadge pass={r.failed === 0} />
          {t('run.summary', { passed: r.passed, failed: r.failed })}
        </span>
      ),
    },
  ];
  return (
    <Card
      title={t('history.title')}
      description={t('history.intro')}
      className="mt-6"
      actions={
        <label className="text-sm text-slate-600">
          {t('history.filter')}
          <select
            value={trigger ?? ''}
            onChange={(e) => setTrigger((RUN_TRIGGERS as readonly string[]).includes(e.target.value) ? (e.target.value as RunTrigger) : undefined)}
            className={INPUT_CLASS}
            data-testid="history-filter"
          >
            <option value="">{t('history.allRuns')}</option>
            {RUN_TRIGGERS.map((r) => (
              <option key={r} value={r}>
                {t(`trigger.${r}`)}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <StatePanel query={runs} empty={t('history.empty')} loading={t('loading')}>
        {(list) => (
          <>
            <PassRate runs={list} />
            <DataTable caption={t('history.title')} columns={columns} rows={list} rowKey={(r) => r.id} rowTestId="history-row" />
          </>
        )}
      </StatePanel>
      <div id="history-run" aria-live="polite">
        {open && (
          <section aria-label={t('run.title', { id: open })} className="mt-4">
            <h3 className="font-medium">{t('run.title', { id: open })}</h3>
            <StatePanel query={results} loading={t('loading')} empty={t('run.noResults')}>
              {(list) => <RunResults results={list} />}
            </StatePanel>
          </section>
        )}
      </div>
    </Card>
  );
}
