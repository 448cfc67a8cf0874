'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRef, useState } from 'react';
import { consoleFetch, formatTime, StatusBadge, TestBadge } from '@/components/instances/ui';
import { hasRole, type Role } from '@/lib/auth/roles';
import type { InstanceDetail, TimelineEvent } from '@/lib/instances/queries';
import type { InstanceStatus } from '@/lib/instances/transitions';
import { queryKeys } from '@/lib/queryKeys';

type Action = 'retry' | 'freeze' | 'unfreeze' | 'release';

/** What each action needs, when it applies, and what the confirmation says. Mirrors lib/instances/actions (the API decides). */
const ACTION_UI: Record<Action, { label: string; role: Role; when: InstanceStatus[]; confirm: string; danger?: boolean }> = {
  retry: {
    label: 'Retry provisioning',
    role: 'support',
    when: ['failed'],
    confirm: 'The instance goes back to provisioning and a new provisioning job fetches the order and runs the provisioner again.',
  },
  freeze: {
    label: 'Freeze',
    role: 'admin',
    when: ['active'],
    confirm: 'The instance is frozen and the provisioner is told to suspend the service. The marketplace normally does this when a subscription expires.',
  },
  unfreeze: { label: 'Unfreeze', role: 'admin', when: ['frozen'], confirm: 'The instance becomes active again and the provisioner is told to resume the service.' },
  release: {
    label: 'Release',
    role: 'admin',
    when: ['provisioning', 'active', 'frozen', 'failed'],
    confirm: 'The instance is released for good and the provisioner is told to delete the service and its data. This cannot be undone.',
    danger: true,
  },
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
  const key = queryKeys.instances.detail(initial.id);
  const { data, error, isFetching } = useQuery({
    queryKey: key,
    queryFn: () => consoleFetch<InstanceDetail>(`/api/console/instances/${encodeURIComponent(initial.id)}`),
    initialData: initial,
    // while a job is on its way, follow it
    refetchInterval: (q) => (q.state.data?.status === 'provisioning' || q.state.data?.jobs.some((j) => j.state !== 'completed' && j.state !== 'failed') ? 2000 : false),
  });
  const d = data ?? initial;

  const dialogRef = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState<Action | null>(null);
  const [notice, setNotice] = useState<string>();
  const act = useMutation({
    mutationFn: (action: Action) =>
      consoleFetch<{ status: InstanceStatus }>(`/api/console/instances/${encodeURIComponent(d.id)}/actions`, { method: 'POST', body: JSON.stringify({ action }) }),
    onSuccess: (r, action) => {
      dialogRef.current?.close();
      setNotice(`${ACTION_UI[action].label}: done, the instance is now ${r.status}.`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.instances.all });
    },
  });

  const [password, setPassword] = useState<string>();
  const reveal = useMutation({
    mutationFn: () => consoleFetch<{ password: string }>(`/api/console/instances/${encodeURIComponent(d.id)}/password`, { method: 'POST' }),
    onSuccess: (r) => setPassword(r.password),
  });

  const open = (a: Action) => {
    act.reset();
    setNotice(undefined);
    setPending(a);
    dialogRef.current?.showModal();
  };
  const available = (Object.keys(ACTION_UI) as Action[]).filter((a) => ACTION_UI[a].when.includes(d.status));
  const allowed = available.filter((a) => hasRole(role, ACTION_UI[a].role));
  const isAdmin = hasRole(role, 'admin');

  return (
    <main className="space-y-6">
      <div>
        <Link href="/instances" className="text-sm text-red-700 underline-offset-2 hover:underline focus:outline-2 focus:outline-red-700">
          ← Instances
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <h1 className="min-w-0 break-all text-xl font-semibold sm:text-2xl">
            <span className="sr-only">Instance </span>
            {d.id}
          </h1>
          <StatusBadge status={d.status} />
          <TestBadge test={d.testFlag} />
          {isFetching && (
            <span className="text-xs text-slate-500" role="status">
              Refreshing…
            </span>
          )}
        </div>
        {error && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            Could not refresh: {(error as Error).message}
          </p>
        )}
      </div>

      <section aria-labelledby="actions-h" className={CARD}>
        <h2 id="actions-h" className="font-medium">
          Actions
        </h2>
        {allowed.length > 0 ? (
          <div className="mt-3 flex flex-wrap gap-2">
            {allowed.map((a) => (
              <button key={a} type="button" className={ACTION_UI[a].danger ? PRIMARY : BUTTON} onClick={() => open(a)}>
                {ACTION_UI[a].label}…
              </button>
            ))}
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-600">
            {available.length > 0 ? `Your role (${role}) cannot change this instance.` : `No action applies to a ${d.status} instance.`}
          </p>
        )}
        {notice && (
          <p role="status" className="mt-3 text-sm text-emerald-800">
            {notice}
          </p>
        )}
        {d.failureReason && (
          <p className="mt-3 rounded bg-red-50 p-3 text-sm text-red-900">
            <span className="font-medium">Provisioning failed:</span> {d.failureReason}
          </p>
        )}
      </section>

      <dialog
        ref={dialogRef}
        aria-labelledby="confirm-h"
        onClose={() => setPending(null)}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        {pending && (
          <form
            method="dialog"
            className="p-5"
            onSubmit={(e) => {
              e.preventDefault();
              act.mutate(pending);
            }}
          >
            <h2 id="confirm-h" className="text-lg font-semibold">
              {ACTION_UI[pending].label} this instance?
            </h2>
            <p className="mt-2 text-sm text-slate-600">{ACTION_UI[pending].confirm}</p>
            <p className="mt-2 break-all font-mono text-xs text-slate-500">{d.id}</p>
            {act.error && (
              <p role="alert" className="mt-3 text-sm text-red-700">
                {(act.error as Error).message}
              </p>
            )}
            <div className="mt-5 flex justify-end gap-2">
              <button type="button" className={BUTTON} onClick={() => dialogRef.current?.close()} autoFocus>
                Cancel
              </button>
              <button type="submit" className={PRIMARY} disabled={act.isPending}>
                {act.isPending ? 'Working…' : ACTION_UI[pending].label}
              </button>
            </div>
          </form>
        )}
      </dialog>

      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="sub-h" className={CARD}>
          <h2 id="sub-h" className="mb-3 font-medium">
            Subscription
          </h2>
          <dl className={DL}>
            <Field label="Product">
              {d.productName ?? d.productId}
              {d.productName && d.productId && <span className="block text-xs text-slate-500">{d.productId}</span>}
            </Field>
            <Field label="SKU">{d.skuCode}</Field>
            <Field label="Linear value">{d.linearValue}</Field>
            <Field label="Charging">{d.chargingMode}</Field>
            <Field label="Expires">{formatTime(d.expireTime)}</Field>
            <Field label="Order">
              <span className="break-all">{d.orderId}</span>
              <span className="block break-all text-xs text-slate-500">line {d.orderLineId}</span>
            </Field>
            {d.chargingMode?.startsWith('ON_DEMAND') && <Field label="Usage">{d.usageValue}</Field>}
            <Field label="Created">{formatTime(d.createdAt)}</Field>
            {d.provisionedAt && <Field label="Provisioned">{formatTime(d.provisionedAt)}</Field>}
            {d.releasedAt && <Field label="Released">{formatTime(d.releasedAt)}</Field>}
          </dl>
        </section>

        <section aria-labelledby="cust-h" className={CARD}>
          <h2 id="cust-h" className="mb-3 font-medium">
            Customer
          </h2>
          {d.customer ? (
            <dl className={DL}>
              <Field label="Name">{d.customer.name}</Field>
              <Field label="Customer id">
                <span className="break-all">{d.customer.id}</span>
              </Field>
              <Field label="User">{d.customer.userName}</Field>
              <Field label="E-mail">{d.customer.email}</Field>
            </dl>
          ) : (
            <p className="text-sm text-slate-600">Not known yet: the buyer is stored when the order has been fetched.</p>
          )}
        </section>

        <section aria-labelledby="app-h" className={`${CARD} md:col-span-2`}>
          <h2 id="app-h" className="mb-3 font-medium">
            appInfo
          </h2>
          {d.frontEndUrl ? (
            <dl className={DL}>
              <Field label="Front end">
                <a href={d.frontEndUrl} className="break-all text-red-700 underline-offset-2 hover:underline" target="_blank" rel="noreferrer">
                  {d.frontEndUrl}
                </a>
              </Field>
              {d.adminUrl && <Field label="Admin URL">{d.adminUrl}</Field>}
              <Field label="User name">{d.userName}</Field>
              <Field label="Password">
                {!d.hasPassword ? (
                  '—'
                ) : password !== undefined ? (
                  <span className="flex flex-wrap items-center gap-2">
                    <code data-testid="revealed-password" className="break-all rounded bg-slate-100 px-2 py-0.5">
                      {password}
                    </code>
                    <button type="button" className={BUTTON} onClick={() => setPassword(undefined)}>
                      Hide
                    </button>
                  </span>
                ) : isAdmin ? (
                  <span className="flex flex-wrap items-center gap-2">
                    <span aria-hidden="true">••••••••</span>
                    <button type="button" className={BUTTON} disabled={reveal.isPending} onClick={() => reveal.mutate()}>
                      {reveal.isPending ? 'Revealing…' : 'Reveal password'}
                    </button>
                    <span className="text-xs text-slate-500">(recorded in the audit log)</span>
                    {reveal.error && (
                      <span role="alert" className="text-red-700">
                        {(reveal.error as Error).message}
                      </span>
                    )}
                  </span>
                ) : (
                  <span className="text-slate-600">•••••••• (only administrators can reveal it)</span>
                )}
              </Field>
              {d.memo && <Field label="Memo">{d.memo}</Field>}
              <Field label="Provisioner">{d.provisioner}</Field>
              {d.tenant && (
                <Field label="Tenant">
                  {d.tenant.name} <span className="text-xs text-slate-500">({d.tenant.id})</span>
                </Field>
              )}
            </dl>
          ) : (
            <p className="text-sm text-slate-600">{d.status === 'provisioning' ? 'Provisioning: appInfo appears when it is done.' : 'No appInfo.'}</p>
          )}
        </section>
      </div>

      <section aria-labelledby="tl-h" className={CARD}>
        <h2 id="tl-h" className="font-medium">
          Timeline
        </h2>
        <p className="text-xs text-slate-500">Calls, orders, jobs and console actions, newest first.</p>
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

function Timeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0) return <p className="mt-3 text-sm text-slate-600">Nothing recorded yet.</p>;
  return (
    <ol className="mt-4 space-y-3 border-l border-slate-200 pl-4" data-testid="timeline">
      {events.map((e, i) => (
        <li key={i} className="relative text-sm">
          <span aria-hidden="true" className={`absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full ${e.ok === false ? 'bg-red-600' : KIND_STYLE[e.kind]}`} />
          <div className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-medium">{e.title}</span>
            {e.ok === false && <span className="text-xs font-medium text-red-700">failed</span>}
            <time dateTime={e.at} className="text-xs text-slate-500">
              {formatTime(e.at)}
            </time>
          </div>
          {e.detail && <div className="break-words text-xs text-slate-600">{e.detail}</div>}
        </li>
      ))}
    </ol>
  );
}

