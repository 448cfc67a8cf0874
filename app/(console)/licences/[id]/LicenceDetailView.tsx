'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { consoleFetch, TestBadge } from '@/components/instances/ui';
import { LocalTime } from '@/components/LocalTime';
import { errorOf } from '@/lib/client/api';
import { BUTTON, CARD, DeliveryStatusBadge, DL, INPUT, PRIMARY } from '@/components/licences/ui';
import { hasRole, type Role } from '@/lib/auth/roles';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/licences';
import type { DeliveryDetail } from '@/lib/licences/queries';
import { LICENCE_FILE_MAX_BYTES, NOTE_MAX } from '@/lib/licences/validation';
import { queryKeys } from '@/lib/queryKeys';
import { kindLabel } from '../LicencesView';

type T = ReturnType<typeof useT<keyof (typeof messages)['en']>>;

/** `<input type="datetime-local">` value for a time, in the browser's zone. */
function localInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
/** The browser reads a datetime-local value in its own zone; the API takes ISO 8601 UTC. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : '');

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children ?? '—'}</dd>
    </>
  );
}

export function LicenceDetailView({ initial, role }: { initial: DeliveryDetail; role: Role }) {
  const t = useT(messages);
  const key = queryKeys.licences.detail(initial.id);
  const { data, error, isFetching } = useQuery({
    queryKey: key,
    queryFn: () => consoleFetch<DeliveryDetail>(`/api/console/licences/${initial.id}`),
    initialData: initial,
  });
  const d = data ?? initial;
  const canAct = hasRole(role, 'support');
  const released = d.instanceStatus === 'released';
  const open = d.status === 'awaiting' || d.status === 'rejected';

  return (
    <main className="space-y-6">
      <div>
        <Link href="/licences" className="text-sm text-red-700 underline-offset-2 hover:underline focus:outline-2 focus:outline-red-700">
          {t('detail.back')}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-semibold sm:text-2xl">{t('detail.heading', { id: `#${d.id}` })}</h1>
          <DeliveryStatusBadge status={d.status} label={t(`status.${d.status}`)} />
          <TestBadge test={d.testFlag} />
          {isFetching && (
            <span className="text-xs text-slate-500" role="status">
              {t('detail.refreshing')}
            </span>
          )}
        </div>
        {error && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {t('detail.refreshError', { message: (error as Error).message })}
          </p>
        )}
        {released && <p className="mt-2 rounded bg-slate-100 p-3 text-sm text-slate-700">{t('detail.released')}</p>}
      </div>

      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="what-h" className={CARD}>
          <h2 id="what-h" className="mb-3 font-medium">
            {t('detail.what')}
          </h2>
          <dl className={DL}>
            <Field label={t('detail.instance')}>
              <Link href={`/instances/${encodeURIComponent(d.instanceId)}`} className="break-all font-mono text-xs text-red-700 underline-offset-2 hover:underline">
                {d.instanceId}
              </Link>
              <span className="block text-xs text-slate-500">
                {t('detail.instanceStatus')}: {d.instanceStatus}
              </span>
            </Field>
            <Field label={t('detail.order')}>
              <span className="break-all">{d.orderId}</span>
              <span className="block break-all text-xs text-slate-500">{t('detail.line', { id: d.orderLineId })}</span>
            </Field>
            <Field label={t('detail.kind')}>{kindLabel(t, d.kind)}</Field>
            <Field label={t('detail.product')}>
              {d.productName ?? d.productId}
              {d.productName && <span className="block break-all text-xs text-slate-500">{d.productId}</span>}
            </Field>
            <Field label={t('detail.sku')}>{d.skuCode}</Field>
            <Field label={t('detail.linear')}>{d.linearValue}</Field>
            <Field label={t('detail.expires')}>{d.expireTime ? <LocalTime iso={d.expireTime} /> : t('detail.noExpiry')}</Field>
          </dl>
        </section>

        <section aria-labelledby="cust-h" className={CARD}>
          <h2 id="cust-h" className="mb-3 font-medium">
            {t('detail.customer')}
          </h2>
          {d.customerId ? (
            <dl className={DL}>
              <Field label={t('detail.customerName')}>{d.customerName}</Field>
              <Field label={t('detail.customerId')}>
                <span className="break-all">{d.customerId}</span>
              </Field>
              <Field label={t('detail.email')}>{d.customerEmail}</Field>
            </dl>
          ) : (
            <p className="text-sm text-slate-600">{t('detail.customerUnknown')}</p>
          )}
        </section>
      </div>

      <LicenceCard t={t} d={d} canAct={canAct} />

      {canAct && open && !released && <DeliverForm t={t} d={d} />}
      {canAct && d.status === 'delivered' && <DecisionForm t={t} d={d} />}

      <section aria-labelledby="tl-h" className={CARD}>
        <h2 id="tl-h" className="font-medium">
          {t('timeline.title')}
        </h2>
        <p className="text-xs text-slate-500">{t('timeline.intro')}</p>
        <ol className="mt-4 space-y-3 border-l border-slate-200 pl-4" data-testid="licence-timeline">
          {d.events.map((e) => (
            <li key={e.id} className="relative text-sm">
              <span aria-hidden="true" className={`absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full ${e.step === 'rejected' ? 'bg-red-600' : e.step === 'accepted' ? 'bg-emerald-600' : 'bg-slate-500'}`} />
              <div className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-medium">{t(`timeline.step.${e.step}` as Parameters<T>[0])}</span>
                <span className="text-xs text-slate-500">
                  <LocalTime iso={e.at} />
                </span>
                {e.by && <span className="text-xs text-slate-500">{t('timeline.by', { who: e.by })}</span>}
              </div>
              {typeof e.detail?.serviceStartTime === 'string' && (
                <div className="text-xs text-slate-600">
                  {t('timeline.start')}: <LocalTime iso={e.detail.serviceStartTime} />
                </div>
              )}
              {typeof e.detail?.sha256 === 'string' && (
                <div className="break-all font-mono text-xs text-slate-500">
                  {String(e.detail.fileName ?? '')} · SHA-256 {e.detail.sha256}
                </div>
              )}
              {e.note && <div className="whitespace-pre-wrap break-words text-xs text-slate-700">{e.note}</div>}
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}

function useRefresh(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.licences.all }).then(() => queryClient.refetchQueries({ queryKey: queryKeys.licences.detail(id) }));
}

function LicenceCard({ t, d, canAct }: { t: T; d: DeliveryDetail; canAct: boolean }) {
  const refresh = useRefresh(d.id);
  const [notice, setNotice] = useState<string>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string>();
  const generate = useMutation({
    mutationFn: () => consoleFetch(`/api/console/licences/${d.id}/actions`, { method: 'POST', body: JSON.stringify({ action: 'generate' }) }),
    onMutate: () => setNotice(undefined),
    onSuccess: async () => {
      setNotice(t('licence.generated'));
      await refresh();
    },
  });
  const upload = useMutation({
    mutationFn: async (f: File) => {
      const form = new FormData();
      form.set('file', f);
      const res = await fetch(`/api/console/licences/${d.id}/file`, { method: 'POST', body: form });
      if (!res.ok) throw await errorOf(res);
      return res.json();
    },
    onMutate: () => setNotice(undefined),
    onSuccess: async () => {
      setNotice(t('licence.uploaded'));
      setFile(null);
      await refresh();
    },
  });
  const canIssue = canAct && (d.status === 'awaiting' || d.status === 'rejected') && d.instanceStatus !== 'released';
  const current = d.licences.find((l) => l.current);
  const earlier = d.licences.filter((l) => !l.current);
  const actionError = (generate.error ?? upload.error) as Error | null;

  return (
    <section aria-labelledby="lic-h" className={CARD}>
      <h2 id="lic-h" className="mb-3 font-medium">
        {t('licence.title')}
      </h2>
      {current ? (
        <dl className={DL}>
          <Field label={t('licence.file')}>
            <span className="break-all">{current.fileName}</span>
            <span className="block text-xs text-slate-500">{t(`licence.kind.${current.kind}`)}</span>
          </Field>
          <Field label={t('licence.sha256')}>
            <code className="break-all text-xs" data-testid="licence-sha256">
              {current.sha256}
            </code>
          </Field>
          <Field label={t('licence.size')}>{t('licence.sizeBytes', { n: current.size })}</Field>
          <Field label={t('licence.issued')}>
            <LocalTime iso={current.createdAt} />
            {current.createdBy && <span className="text-xs text-slate-500"> · {t('timeline.by', { who: current.createdBy })}</span>}
          </Field>
        </dl>
      ) : (
        <p className="text-sm text-slate-600">{t('licence.none')}</p>
      )}
      {canAct && current && (
        <a href={`/api/console/licences/${d.id}/download`} download className={`${BUTTON} mt-4 inline-block`}>
          {t('licence.download')}
        </a>
      )}
      {canAct && earlier.length > 0 && (
        <div className="mt-4">
          <h3 className="text-sm font-medium">{t('licence.earlier')}</h3>
          <ul className="mt-1 space-y-1 text-xs">
            {earlier.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center gap-2">
                <span className="break-all">{l.fileName}</span>
                <span className="text-slate-500">
                  <LocalTime iso={l.createdAt} />
                </span>
                <a href={`/api/console/licences/${d.id}/download?licence=${l.id}`} download className="text-red-700 underline" aria-label={`${t('licence.downloadOld')} ${l.fileName}`}>
                  {t('licence.downloadOld')}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {canIssue && (
        <div className="mt-5 space-y-4 border-t border-slate-100 pt-4">
          <button type="button" className={PRIMARY} disabled={generate.isPending} onClick={() => generate.mutate()}>
            {generate.isPending ? t('licence.generating') : current ? t('licence.regenerate') : t('licence.generate')}
          </button>
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              setFileError(undefined);
              if (!file) return setFileError(t('licence.chooseFile'));
              if (file.size > LICENCE_FILE_MAX_BYTES) return setFileError(t('licence.tooBig'));
              upload.mutate(file);
            }}
          >
            <label className="min-w-0 flex-1 basis-64 text-sm">
              <span className="font-medium">{t('licence.uploadLabel')}</span>
              <input type="file" className={INPUT} onChange={(e) => setFile(e.target.files?.[0] ?? null)} aria-describedby={fileError ? 'file-err' : undefined} />
            </label>
            <button type="submit" className={BUTTON} disabled={upload.isPending}>
              {upload.isPending ? t('licence.uploading') : t('licence.upload')}
            </button>
          </form>
          {fileError && (
            <p id="file-err" role="alert" className="text-sm text-red-700">
              {fileError}
            </p>
          )}
        </div>
      )}
      {!canAct && <p className="mt-3 text-xs text-slate-500">{t('licence.supportOnly')}</p>}
      {actionError && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {actionError.message}
        </p>
      )}
      {notice && canIssue && (
        <p role="status" className="mt-3 text-sm text-emerald-800">
          {notice}
        </p>
      )}
    </section>
  );
}

function DeliverForm({ t, d }: { t: T; d: DeliveryDetail }) {
  const refresh = useRefresh(d.id);
  const [start, setStart] = useState(() => localInputValue(new Date()));
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string>();
  const deliver = useMutation({
    mutationFn: () =>
      consoleFetch(`/api/console/licences/${d.id}/actions`, { method: 'POST', body: JSON.stringify({ action: 'deliver', serviceStartTime: toIso(start), note }) }),
    onMutate: () => setDone(undefined),
    onSuccess: async () => {
      setDone(t('deliver.done'));
      setNote('');
      await refresh();
    },
  });
  const hasLicence = d.licence !== null;
  return (
    <section aria-labelledby="deliver-h" className={CARD}>
      <h2 id="deliver-h" className="font-medium">
        {d.status === 'rejected' ? t('deliver.redeliver') : t('deliver.title')}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t('deliver.intro')}</p>
      <form
        className="mt-3 grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          deliver.mutate();
        }}
      >
        <label className="text-sm">
          <span className="font-medium">{t('deliver.start')}</span>
          <input type="datetime-local" className={INPUT} value={start} onChange={(e) => setStart(e.target.value)} required />
        </label>
        <label className="text-sm sm:col-span-2">
          <span className="font-medium">{t('deliver.note')}</span>
          <textarea className={INPUT} rows={3} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <div className="sm:col-span-2">
          <button type="submit" className={PRIMARY} disabled={deliver.isPending || !hasLicence}>
            {deliver.isPending ? t('deliver.working') : d.status === 'rejected' ? t('deliver.redeliver') : t('deliver.submit')}
          </button>
          {!hasLicence && <span className="ml-3 text-sm text-slate-600">{t('deliver.needLicence')}</span>}
        </div>
      </form>
      {deliver.error && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {(deliver.error as Error).message}
        </p>
      )}
      {done && (
        <p role="status" className="mt-3 text-sm text-emerald-800">
          {done}
        </p>
      )}
    </section>
  );
}

function DecisionForm({ t, d }: { t: T; d: DeliveryDetail }) {
  const refresh = useRefresh(d.id);
  const [decision, setDecision] = useState<'accepted' | 'rejected'>('accepted');
  const [at, setAt] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const decide = useMutation({
    mutationFn: () =>
      consoleFetch<{ status: 'accepted' | 'rejected' }>(`/api/console/licences/${d.id}/actions`, {
        method: 'POST',
        body: JSON.stringify({ action: 'decide', decision, note, ...(at ? { decidedAt: toIso(at) } : {}) }),
      }),
    onSuccess: async () => {
      await refresh();
    },
  });
  return (
    <section aria-labelledby="decide-h" className={CARD}>
      <h2 id="decide-h" className="font-medium">
        {t('decide.title')}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t('decide.intro')}</p>
      <form
        className="mt-3 grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          setInvalid(undefined);
          if (decision === 'rejected' && !note.trim()) return setInvalid(t('decide.noteRequired'));
          decide.mutate();
        }}
      >
        <fieldset className="text-sm">
          <legend className="font-medium">{t('decide.decision')}</legend>
          <div className="mt-1 flex gap-4">
            {(['accepted', 'rejected'] as const).map((v) => (
              <label key={v} className="flex items-center gap-1.5">
                <input type="radio" name="decision" value={v} checked={decision === v} onChange={() => setDecision(v)} className="accent-red-700" />
                {t(`decide.${v}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="text-sm">
          <span className="font-medium">{t('decide.at')}</span>
          <input type="datetime-local" className={INPUT} value={at} onChange={(e) => setAt(e.target.value)} />
        </label>
        <label className="text-sm sm:col-span-2">
          <span className="font-medium">{t('decide.note')}</span>
          <textarea className={INPUT} rows={3} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <div className="sm:col-span-2">
          <button type="submit" className={PRIMARY} disabled={decide.isPending}>
            {decide.isPending ? t('decide.working') : t('decide.submit')}
          </button>
        </div>
      </form>
      {(invalid ?? decide.error) && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {invalid ?? (decide.error as Error).message}
        </p>
      )}
    </section>
  );
}
