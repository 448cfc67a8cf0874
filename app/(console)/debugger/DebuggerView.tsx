'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { CallFields } from '@/components/debugger/CallFields';
import { LifecycleCard } from '@/components/debugger/LifecycleCard';
import { Notice } from '@/components/debugger/Notice';
import { ResultCard } from '@/components/debugger/ResultCard';
import { SaveCaseFields } from '@/components/debugger/SaveCaseFields';
import { TargetFields, type KeyLabels } from '@/components/debugger/TargetFields';
import { useDebuggerForm, type EditingCase } from '@/components/debugger/useDebuggerForm';
import { ApiError } from '@/lib/client/api';
import { useLifecycleRun, useSaveCase, useSendCall } from '@/lib/client/hooks/debugger';
import type { Prefill } from '@/lib/debugger/prefill';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';

export type { EditingCase };

export interface DebuggerViewProps {
  prefill: Prefill;
  appUrl: string;
  keyLabels: KeyLabels;
  canSend: boolean;
  editing?: EditingCase;
  /** `?generation=v1`: the V1 interfaces first (spec §4): V1 newInstance in the form, the V1 lifecycle */
  generation?: 'v2' | 'v1';
}

/** spec §10.1: the form (target, activity, fields), Send, Save as test case, the result, and the whole lifecycle. */
export function DebuggerView({ prefill, appUrl, keyLabels, canSend, editing, generation: firstGeneration = 'v2' }: DebuggerViewProps) {
  const t = useT(messages);
  const router = useRouter();
  const form = useDebuggerForm(prefill, editing, firstGeneration === 'v1' ? 'v1.newInstance' : 'newInstance');
  const [generation, setGeneration] = useState<'v2' | 'v1'>(firstGeneration);
  const formRef = useRef<HTMLFormElement>(null);
  const send = useSendCall();
  const save = useSaveCase();
  const life = useLifecycleRun();
  const [saved, setSaved] = useState<string>();

  /** A refusal naming fields goes beside them; any other failure is said in its place (`failure`). */
  const fieldsOf = (error: Error) => {
    if (error instanceof ApiError && error.status === 400 && error.fields) form.showServerFields(error.fields);
  };
  const failure = (error: Error | null) => (error && !(error instanceof ApiError && error.status === 400 && error.fields) ? error.message : undefined);

  function onSend(e: React.FormEvent) {
    e.preventDefault();
    if (!form.check('send', formRef.current)) return;
    send.mutate({ activity: form.activity, params: form.current, ...form.target() }, { onError: fieldsOf });
  }

  function onSave() {
    setSaved(undefined);
    if (!form.check('save', formRef.current)) return;
    const name = form.name.trim();
    const keyField = form.forgetKey ? { key: '' } : form.key ? { key: form.key } : {};
    const body = { name, activity: form.activity, params: form.current, url: form.mode === 'other' ? form.url.trim() : '', ...keyField };
    save.mutate(
      { id: editing?.id, body },
      {
        onSuccess: () => {
          setSaved(t(editing ? 'save.updated' : 'save.saved', { name }));
          form.setKey('');
          // the page's case (its key fingerprint) is read on the server
          router.refresh();
        },
        onError: fieldsOf,
      },
    );
  }

  function onLifecycle() {
    if (!form.check('target', formRef.current)) return;
    life.start({ ...form.target(), generation }, { onError: fieldsOf });
  }

  const lifeError = life.error instanceof ApiError && life.error.status === 400 && life.error.fields ? undefined : life.error;
  return (
    <div>
      {!canSend && <Notice>{t('viewerNote')}</Notice>}
      {editing && (
        <Notice tone="info" className="flex flex-wrap items-center gap-3">
          {t('form.editing', { name: editing.name })}
          <Link href="/debugger" className="underline focus-visible:outline-2 focus-visible:outline-red-700">
            {t('form.cancelEdit')}
          </Link>
        </Notice>
      )}
      <form ref={formRef} onSubmit={onSend} noValidate aria-label={t('tab.send')} className="grid gap-x-6 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
        <div className="min-w-0">
          <TargetFields form={form} appUrl={appUrl} keyLabels={keyLabels} editing={editing} />
          <CallFields form={form} canSend={canSend} sending={send.isPending} onActivity={() => send.reset()} productionUrl={form.mode === 'other' && form.url.trim() ? form.url.trim() : appUrl} />
          {canSend && <SaveCaseFields form={form} editing={!!editing} saving={save.isPending} saved={saved} onSave={onSave} />}
          {failure(save.error) && (
            <p role="alert" className="mt-2 text-sm text-red-800">
              {t('error', { error: failure(save.error)! })}
            </p>
          )}
        </div>
        <div className="min-w-0">
          <ResultCard exchange={send.data?.exchange} sending={send.isPending} failure={failure(send.error)} />
          <LifecycleCard life={{ ...life, error: lifeError }} canSend={canSend} onRun={onLifecycle} generation={generation} onGeneration={setGeneration} />
        </div>
      </form>
    </div>
  );
}
