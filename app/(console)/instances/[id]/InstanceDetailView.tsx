'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { consoleFetch, StatusBadge, TestBadge } from '@/components/instances/ui';
import { hasRole, type Role } from '@/lib/auth/roles';
import type { InstanceDetail, TimelineEvent } from '@/lib/instances/queries';
import type { InstanceStatus } from '@/lib/instances/transitions';
import { queryKeys } from '@/lib/queryKeys';
import { LocalTime } from '@/components/LocalTime';
import { ConfirmDialog } from '@/components/ui';
import { useLocale, useT } from '@/lib/i18n/client';
import { translator, type Translate } from '@/lib/i18n/core';
import common from '@/lib/i18n/messages/common';
import messages from '@/lib/i18n/messages/instances';
import terms, { term } from '@/lib/i18n/messages/terms';

type T = Translate<keyof (typeof messages)['en']>;
type TermsT = Translate<keyof (typeof terms)['en']>;

type Action = 'retry' | 'freeze' | 'unfreeze' | 'release';

/** What each action needs and when it applies (its label and confirmation are `action.*` / `confirm.*` messages). Mirrors lib/instances/actions (the API decides). */
const ACTION_UI: Record<Action, { role: Role; when: InstanceStatus[]; danger?: boolean }> = {
  retry: { role: 'support', when: ['failed'] },
  freeze: { role: 'admin', when: ['active'] },
  unfreeze: { role: 'admin', when: ['frozen'] },
  release: { role: 'admin', when: ['provisioning', 'active', 'frozen', 'failed'], danger: true },
};

const CARD = 'rounded-lg border border-slate-200 bg-white p-5 shadow-sm';
const BUTTON = 'rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 focus:outline-2 focus:outline-offset-1 focus:outline-red-700 disabled:opacity-50';
const PRIMARY = 'rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus:outline-2 focus:outline-offset-2 focus:outline-red-700 disabled:opacity-60';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children ?? '—'}</dd>
    </>
  );
}

const DL = 'grid grid-cols-[minmax(6rem,auto)_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm';

export function InstanceDetailView({ initial, role, children }: { initial: InstanceDetail; role: Role; children?: React.ReactNode }) {
  const queryClient = useQueryClient();
  const t = useT(messages);
  const tt = useT(terms);
  const locale = useLocale();
  const key = queryKeys.instances.detail(initial.id);
  const { data, error, isFetching, refetch } = useQuery({
    queryKey: key,
    queryFn: () => consoleFetch<InstanceDetail>(`/api/console/instances/${encodeURIComponent(initial.id)}`, undefined, locale),
    initialData: initial,
    // while a job is on its way, follow it
    refetchInterval: (q) => (q.state.data?.status === 'provisioning' || q.state.data?.jobs.some((j) => j.state !== 'completed' && j.state !== 'failed') ? 2000 : false),
  });
  const d = data ?? initial;

  // the action being confirmed; kept while the dialog closes, so its words stay put
  const [confirming, setConfirming] = useState<{ action: Action; open: boolean } | null>(null);
  const closeDialog = () => setConfirming((c) => c && { ...c, open: false });
  const [notice, setNotice] = useState<string>();
  const act = useMutation({
    mutationFn: (action: Action) =>
      consoleFetch<{ status: InstanceStatus }>(`/api/console/instances/${encodeURIComponent(d.id)}/actions`, { method: 'POST', body: JSON.stringify({ action }) }, locale),
    onSuccess: (r, action) => {
      closeDialog();
      setNotice(t('done', { action: t(`action.${action}`), status: t(`status.${r.status}`) }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.instances.all });
    },
  });

  const [password, setPassword] = useState<string>();
  const reveal = useMutation({
    mutationFn: () => consoleFetch<{ password: string }>(`/api/console/instances/${encodeURIComponent(d.id)}/password`, { method: 'POST' }, locale),
    onSuccess: (r) => setPassword(r.password),
  });

  const open = (a: Action) => {
    act.reset();
    setNotice(undefined);
    setConfirming({ action: a, open: true });
  };
  const available = (Object.keys(ACTION_UI) as Action[]).filter((a) => ACTION_UI[a].when.includes(d.status));
  const allowed = available.filter((a) => hasRole(role, ACTION_UI[a].role));
  const isAdmin = hasRole(role, 'admin');

  return (
    <main className="space-y-6">
      <div>
        <Link href="/instances" className="text-sm text-red-700 underline-offset-2 hover:underline focus:outline-2 focus:outline-red-700">
          {t('back')}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <h1 className="min-w-0 break-all text-xl font-semibold sm:text-2xl">
            <span className="sr-only">{t('instanceSr')}</span>
            {d.id}
          </h1>
          <StatusBadge status={d.status} />
          <TestBadge test={d.testFlag} />
          {isFetching && (
            <span className="text-xs text-slate-500" role="status">
              {t('refreshing')}
            </span>
          )}
        </div>
        {error && (
          <p role="alert" className="mt-2 flex flex-wrap items-center gap-2 text-sm text-red-700">
            {t('couldNotRefresh', { error: (error as Error).message })}
            <button type="button" className={BUTTON} onClick={() => refetch()}>
              {t('retry')}
            </button>
          </p>
        )}
      </div>

      <section aria-labelledby="actions-h" className={CARD}>
        <h2 id="actions-h" className="font-medium">
          {t('actions')}
        </h2>
        {allowed.length > 0 ? (
          <div className="mt-3 flex flex-wrap gap-2">
            {allowed.map((a) => (
              <button key={a} type="button" className={ACTION_UI[a].danger ? PRIMARY : BUTTON} onClick={() => open(a)}>
                {t(`action.${a}`)}…
              </button>
            ))}
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-600">
            {available.length > 0 ? t('roleCannot', { role: translator(common, locale)(`role.${role}`) }) : t('noAction', { status: t(`status.${d.status}`) })}
          </p>
        )}
        {notice && (
          <p role="status" className="mt-3 text-sm text-emerald-800">
            {notice}
          </p>
        )}
        {d.failureReason && (
          <p className="mt-3 rounded bg-red-50 p-3 text-sm text-red-900">
            <span className="font-medium">{t('provisioningFailed')}</span> {d.failureReason}
          </p>
        )}
      </section>

      {confirming && (
        <ConfirmDialog
          open={confirming.open}
          title={t('confirmTitle', { action: t(`action.${confirming.action}`) })}
          message={t(`confirm.${confirming.action}`)}
          confirmLabel={t(`action.${confirming.action}`)}
          tone={ACTION_UI[confirming.action].danger ? 'danger' : 'default'}
          busy={act.isPending}
          busyLabel={t('working')}
          error={act.error ? (act.error as Error).message : undefined}
          onConfirm={() => act.mutate(confirming.action)}
          onCancel={closeDialog}
        >
          <p className="mt-2 break-all font-mono text-xs text-slate-500">{d.id}</p>
        </ConfirmDialog>
      )}

      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="sub-h" className={CARD}>
          <h2 id="sub-h" className="mb-3 font-medium">
            {t('subscription')}
          </h2>
          <dl className={DL}>
            <Field label={t('product')}>
              {d.productName ?? d.productId}
              {d.productName && d.productId && <span className="block text-xs text-slate-500">{d.productId}</span>}
            </Field>
            <Field label={t('sku')}>{d.skuCode}</Field>
            <Field label={t('linearValue')}>{d.linearValue}</Field>
            <Field label={t('charging')}>{term(tt, 'chargingMode', d.chargingMode) || '—'}</Field>
            <Field label={t('expires')}>{d.expireTime ? <LocalTime iso={d.expireTime} /> : '—'}</Field>
            <Field label={t('orderField')}>
              <span className="break-all">{d.orderId}</span>
              <span className="block break-all text-xs text-slate-500">{t('line', { id: d.orderLineId })}</span>
            </Field>
            {d.chargingMode?.startsWith('ON_DEMAND') && <Field label={t('usage')}>{d.usageValue}</Field>}
            <Field label={t('created')}>
              <LocalTime iso={d.createdAt} />
            </Field>
            {d.provisionedAt && <Field label={t('provisioned')}>
                <LocalTime iso={d.provisionedAt} />
              </Field>}
            {d.releasedAt && <Field label={t('released')}>
                <LocalTime iso={d.releasedAt} />
              </Field>}
          </dl>
        </section>

        <section aria-labelledby="cust-h" className={CARD}>
          <h2 id="cust-h" className="mb-3 font-medium">
            {t('customer')}
          </h2>
          {d.customer ? (
            <dl className={DL}>
              <Field label={t('name')}>{d.customer.name}</Field>
              <Field label={t('customerId')}>
                <span className="break-all">{d.customer.id}</span>
              </Field>
              <Field label={t('user')}>{d.customer.userName}</Field>
              <Field label={t('email')}>{d.customer.email}</Field>
            </dl>
          ) : (
            <p className="text-sm text-slate-600">{t('customerUnknown')}</p>
          )}
        </section>

        <section aria-labelledby="app-h" className={`${CARD} md:col-span-2`}>
          <h2 id="app-h" className="mb-3 font-medium">
            appInfo
          </h2>
          {d.frontEndUrl ? (
            <dl className={DL}>
              <Field label={t('frontEnd')}>
                <a href={d.frontEndUrl} className="break-all text-red-700 underline-offset-2 hover:underline" target="_blank" rel="noreferrer">
                  {d.frontEndUrl}
                </a>
              </Field>
              {d.adminUrl && <Field label={t('adminUrl')}>{d.adminUrl}</Field>}
              <Field label={t('userName')}>{d.userName}</Field>
              <Field label={t('password')}>
                {!d.hasPassword ? (
                  '—'
                ) : password !== undefined ? (
                  <span className="flex flex-wrap items-center gap-2">
                    <code data-testid="revealed-password" className="break-all rounded bg-slate-100 px-2 py-0.5">
                      {password}
                    </code>
                    <button type="button" className={BUTTON} onClick={() => setPassword(undefined)}>
                      {t('hide')}
                    </button>
                  </span>
                ) : isAdmin ? (
                  <span className="flex flex-wrap items-center gap-2">
                    <span aria-hidden="true">••••••••</span>
                    <button type="button" className={BUTTON} disabled={reveal.isPending} onClick={() => reveal.mutate()}>
                      {reveal.isPending ? t('revealing') : t('reveal')}
                    </button>
                    <span className="text-xs text-slate-500">{t('revealAudited')}</span>
                    {reveal.error && (
                      <span role="alert" className="text-red-700">
                        {(reveal.error as Error).message}
                      </span>
                    )}
                  </span>
                ) : (
                  <span className="text-slate-600">{t('adminsOnly')}</span>
                )}
              </Field>
              {d.memo && <Field label={t('memo')}>{d.memo}</Field>}
              <Field label={t('provisioner')}>{d.provisioner}</Field>
              {d.tenant && (
                <Field label={t('tenant')}>
                  {d.tenant.name} <span className="text-xs text-slate-500">({d.tenant.id})</span>
                </Field>
              )}
            </dl>
          ) : (
            <p className="text-sm text-slate-600">{d.status === 'provisioning' ? t('appInfoPending') : t('noAppInfo')}</p>
          )}
        </section>
      </div>

      <section aria-labelledby="tl-h" className={CARD}>
        <h2 id="tl-h" className="font-medium">
          {t('timeline')}
        </h2>
        <p className="text-xs text-slate-500">{t('timelineIntro')}</p>
        <Timeline events={d.timeline} />
      </section>
      {children}
    </main>
  );
}

const KIND_STYLE: Record<TimelineEvent['kind'], string> = {
  instance: 'bg-slate-700',
  order: 'bg-sky-600',
  call: 'bg-slate-400',
  job: 'bg-indigo-500',
  console: 'bg-red-700',
};

/** A job state or console outcome in words, or as stored when it has no translation. */
function word(t: T, key: string, fallback: string): string {
  const s = t(key as Parameters<T>[0]);
  return s === key ? fallback : s;
}

/** The timeline entry's title and detail in the reader's language, from what lib/instances/queries recorded. */
export function timelineText(t: T, tt: TermsT, e: TimelineEvent): { title: string; detail?: string } {
  const l = e.label;
  switch (l.kind) {
    case 'created':
    case 'provisioned':
    case 'released':
      return { title: t(`tl.${l.kind}`) };
    case 'order':
      return { title: t('tl.order', { kind: term(tt, 'orderKind', l.orderKind) }), detail: `${l.orderId} / ${l.orderLineId}` };
    case 'call':
      return {
        title: t(l.inbound ? 'tl.call' : 'tl.outbound', { activity: l.activity ?? t('tl.unknownActivity') }),
        detail: t('tl.callDetail', { code: l.resultCode ?? t('tl.noResultCode'), ms: l.durationMs }),
      };
    case 'job': {
      const state = word(t, `job.${l.state}`, l.state);
      const attempts = l.attempts ? (l.attempts === 1 ? t('tl.attemptsOne') : t('tl.attempts', { n: l.attempts })) : '';
      return {
        title: l.event
          ? t('tl.jobEvent', { queue: term(tt, 'queue', l.queue), event: term(tt, 'event', l.event), state })
          : t('tl.job', { queue: term(tt, 'queue', l.queue), state }),
        detail: [attempts, l.lastError ?? ''].filter(Boolean).join(' · ') || undefined,
      };
    }
    case 'console':
      return {
        title: t('tl.console', { action: l.action, outcome: word(t, `outcome.${l.outcome}`, l.outcome) }),
        detail: [l.user ?? t('tl.unknownUser'), l.reason].filter(Boolean).join(' · '),
      };
  }
}

function Timeline({ events }: { events: TimelineEvent[] }) {
  const t = useT(messages);
  const tt = useT(terms);
  if (events.length === 0) return <p className="mt-3 text-sm text-slate-600">{t('timelineEmpty')}</p>;
  return (
    <ol className="mt-4 space-y-3 border-l border-slate-200 pl-4" data-testid="timeline">
      {events.map((e, i) => {
        const text = timelineText(t, tt, e);
        return (
        <li key={i} className="relative text-sm">
          <span aria-hidden="true" className={`absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full ${e.ok === false ? 'bg-red-600' : KIND_STYLE[e.kind]}`} />
          <div className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-medium">{text.title}</span>
            {e.ok === false && <span className="text-xs font-medium text-red-700">{t('failed')}</span>}
            <span className="text-xs text-slate-500">
              <LocalTime iso={e.at} />
            </span>
          </div>
          {text.detail && <div className="break-words text-xs text-slate-600">{text.detail}</div>}
        </li>
        );
      })}
    </ol>
  );
}

