'use client';

import { Button, Card } from '@/components/ui';
import type { LifecycleState } from '@/lib/client/hooks/debugger';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';
import { VerdictBadge } from './Checks';
import { ExchangeView } from './ExchangeView';

/** The whole lifecycle against the target: each step with its verdict as it ends, its exchange on demand. */
export function LifecycleCard({
  life,
  canSend,
  onRun,
  generation,
  onGeneration,
}: {
  life: LifecycleState;
  canSend: boolean;
  onRun: () => void;
  /** which interfaces the run plays: V2 (the basic ones and the kit) or V1 (spec §4) */
  generation: 'v2' | 'v1';
  onGeneration: (g: 'v2' | 'v1') => void;
}) {
  const t = useT(messages);
  const error = typeof life.error === 'string' ? life.error : life.error?.message;
  return (
    <Card title={t('life.title')} description={t(generation === 'v1' ? 'life.introV1' : 'life.intro')} className="mt-6">
      <fieldset className="mb-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <legend className="sr-only">{t('life.generation')}</legend>
        {(['v2', 'v1'] as const).map((g) => (
          <label key={g} className="flex items-center gap-2">
            <input type="radio" name="life-generation" value={g} checked={generation === g} disabled={life.running} onChange={() => onGeneration(g)} />
            {t(g === 'v1' ? 'life.generationV1' : 'life.generationV2')}
          </label>
        ))}
      </fieldset>
      <Button variant="primary" onClick={onRun} disabled={!canSend} busy={life.running} busyLabel={t('life.running')}>
        {t('life.run')}
      </Button>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {t('error', { error })}
        </p>
      )}
      {life.steps.length > 0 && (
        <ol aria-label={t('life.steps')} className="mt-4 space-y-2">
          {life.steps.map((s, i) => (
            <li key={i} data-testid="life-step" className="rounded border border-slate-200">
              <details>
                <summary className="flex cursor-pointer flex-wrap items-center gap-2 p-2 text-sm focus-visible:outline-2 focus-visible:outline-red-700">
                  <VerdictBadge pass={s.pass} />
                  <span translate="no" className="font-medium">
                    {s.name}
                  </span>
                  <span translate="no" className="break-all text-slate-600">
                    {s.detail}
                  </span>
                  <span className="text-xs text-slate-500">{t('life.calls', { count: s.calls })}</span>
                </summary>
                {s.exchange && (
                  <div className="border-t border-slate-200 p-3">
                    <ExchangeView exchange={s.exchange} headingLevel={4} />
                  </div>
                )}
              </details>
            </li>
          ))}
        </ol>
      )}
      {!life.running && life.pass !== undefined && (
        <p role="status" data-testid="life-outcome" className={`mt-3 text-sm font-medium ${life.pass ? 'text-emerald-800' : 'text-red-800'}`}>
          {t(life.pass ? 'life.pass' : 'life.fail')}
        </p>
      )}
    </Card>
  );
}
