'use client';

import { useState } from 'react';
import { LocalTime } from '@/components/LocalTime';
import { Badge, Button, Card, DataTable, Field, FormMessage, INPUT_CLASS, StatePanel, useConfirm, type BadgeTone, type Column } from '@/components/ui';
import { CHANNEL_KINDS, SIGNED_KINDS, type ChannelKind, type ChatKind } from '@/lib/alerts/kinds';
import { formErrors } from '@/lib/client/fieldErrors';
import { useAlertSettings, useCreateChannel, useDeleteChannel, useSetRule, useTestChannel, type AlertSettings as Settings, type ChannelRow, type RuleRow } from '@/lib/client/hooks/alerts';
import { useUsers } from '@/lib/client/hooks/users';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/alerts';

type T = ReturnType<typeof useT<Extract<keyof (typeof messages)['en'], string>>>;
const announced = (text: string | undefined) => text && <span role="alert">{text}</span>;
const DELIVERY_TONE: Record<string, BadgeTone> = { sent: 'success', failing: 'danger', pending: 'info' };

/** Settings → Alerts (admins): each rule's switch and threshold, the channels with a test button, and a form to add one. */
export function AlertSettings({ digestMinutes }: { digestMinutes: number }) {
  const t = useT(messages);
  const settings = useAlertSettings();
  return (
    <StatePanel query={settings} errorTitle={t('settings.couldNotLoad')} isEmpty={() => false}>
      {(s: Settings) => (
        <div className="space-y-6">
          <p className="text-sm text-slate-600">{t('settings.intro', { minutes: digestMinutes })}</p>
          <Card title={t('settings.rules')}>
            <ul className="divide-y divide-slate-100" data-testid="alert-rules">
              {s.rules.map((r) => (
                <RuleForm key={r.key} rule={r} t={t} />
              ))}
            </ul>
          </Card>
          <Channels channels={s.channels} email={s.email} t={t} />
        </div>
      )}
    </StatePanel>
  );
}

function RuleForm({ rule, t }: { rule: RuleRow; t: T }) {
  const set = useSetRule();
  const [notice, setNotice] = useState<string>();
  const errors = formErrors(set.error, ['threshold'] as const);
  return (
    <li className="py-3" data-rule={rule.key}>
      <form
        aria-label={t(`rule.${rule.key}`)}
        className="flex flex-wrap items-end gap-x-4 gap-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          setNotice(undefined);
          set.mutate(
            { rule: rule.key, enabled: f.get('enabled') === 'on', threshold: Number(f.get('threshold')) },
            { onSuccess: () => setNotice(t('rule.saved', { rule: t(`rule.${rule.key}`) })) },
          );
        }}
      >
        <label className="flex min-w-64 flex-1 items-center gap-2 text-sm font-medium">
          <input type="checkbox" name="enabled" defaultChecked={rule.enabled} />
          {t(`rule.${rule.key}`)}
        </label>
        <Field label={t('rule.col.threshold')} hint={`${rule.threshold.min}–${rule.threshold.max} ${t(`unit.${rule.threshold.unit}`)}`} error={announced(errors.fields.threshold)} className="w-44">
          <input name="threshold" type="number" inputMode="numeric" required min={rule.threshold.min} max={rule.threshold.max} defaultValue={rule.value} />
        </Field>
        <Button type="submit" size="sm" busy={set.isPending} busyLabel={t('rule.saving')}>
          {t('rule.save')}
        </Button>
      </form>
      <FormMessage error={errors.message} notice={notice} />
    </li>
  );
}

function Channels({ channels, email, t }: { channels: ChannelRow[]; email: Settings['email']; t: T }) {
  const test = useTestChannel();
  const remove = useDeleteChannel();
  const confirm = useConfirm();
  const [notice, setNotice] = useState<string>();
  const columns: Column<ChannelRow>[] = [
    {
      key: 'name',
      header: t('channel.col.name'),
      cell: (c) => (
        <>
          <span className="block break-all font-medium">{c.name}</span>
          <span className="text-xs text-slate-600">
            {t(`channel.kind.${c.kind}`)}
            {c.signed && ` · ${t('channel.signed')}`}
            {c.kind !== 'email' && ` · ${c.locale === 'zh' ? '中文' : 'English'}`}
          </span>
        </>
      ),
    },
    {
      key: 'target',
      header: t('channel.col.target'),
      cell: (c) => (
        <span className="break-all text-xs" translate="no">
          {c.kind === 'email' ? c.recipients.map((r) => r.email).join(', ') : c.urlHint}
        </span>
      ),
    },
    {
      key: 'last',
      header: t('channel.col.last'),
      cell: (c) =>
        c.lastDelivery ? (
          <div className="text-xs" data-testid="last-delivery" data-state={c.lastDelivery.state}>
            <Badge tone={DELIVERY_TONE[c.lastDelivery.state] ?? 'neutral'}>
              {t(`channel.event.${c.lastDelivery.event as 'fired'}`)}: {t(`channel.delivery.${c.lastDelivery.state as 'sent'}`)}
            </Badge>{' '}
            <LocalTime iso={c.lastDelivery.sentAt ?? c.lastDelivery.at} />
            {c.lastDelivery.error && (
              <span className="mt-1 block break-words text-red-800">
                {t('channel.attempts', { n: c.lastDelivery.attempts })}: {c.lastDelivery.error}
              </span>
            )}
          </div>
        ) : (
          <span className="text-xs text-slate-500">{t('channel.never')}</span>
        ),
    },
    {
      key: 'actions',
      header: <span className="sr-only">{t('col.actions')}</span>,
      label: t('col.actions'),
      className: 'sm:text-right',
      cell: (c) => (
        <div className="flex flex-wrap gap-2 sm:justify-end">
          <Button
            size="sm"
            busy={test.isPending && test.variables === c.id}
            busyLabel={t('channel.testing')}
            onClick={() => {
              setNotice(undefined);
              test.mutate(c.id, { onSuccess: () => setNotice(t('channel.tested', { name: c.name })) });
            }}
          >
            {t('channel.test')}
          </Button>
          <Button
            size="sm"
            variant="danger"
            busy={remove.isPending && remove.variables === c.id}
            onClick={async () => {
              setNotice(undefined);
              if (!(await confirm({ title: t('channel.removeTitle', { name: c.name }), message: t('channel.removeMessage'), confirmLabel: t('channel.remove'), tone: 'danger' }))) return;
              remove.mutate(c.id, { onSuccess: () => setNotice(t('channel.removed', { name: c.name })) });
            }}
          >
            {t('channel.remove')}
          </Button>
        </div>
      ),
    },
  ];
  return (
    <Card title={t('settings.channels')}>
      <div className="space-y-4">
        {email.configured ? (
          <p className="text-xs text-slate-600" translate="no">
            {t('settings.smtpFrom', { from: email.from })}
          </p>
        ) : (
          <p className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">{t('settings.smtpMissing')}</p>
        )}
        <div data-testid="alert-channels">
          <DataTable caption={t('settings.channels')} columns={columns} rows={channels} rowKey={(c) => c.id} empty={t('settings.noChannels')} />
        </div>
        <FormMessage error={test.error?.message ?? remove.error?.message} notice={notice} />
        <NewChannel t={t} />
      </div>
    </Card>
  );
}

function NewChannel({ t }: { t: T }) {
  const create = useCreateChannel();
  const users = useUsers();
  const [kind, setKind] = useState<ChannelKind>('dingtalk');
  const [notice, setNotice] = useState<string>();
  const errors = formErrors(create.error, ['name', 'kind', 'url', 'secret', 'recipients', 'locale'] as const);
  return (
    <form
      aria-label={t('new.title')}
      className="space-y-4 border-t border-slate-200 pt-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        const name = String(f.get('name') ?? '');
        setNotice(undefined);
        create.mutate(
          kind === 'email'
            ? { name, kind, recipients: f.getAll('recipients').map(String) }
            : { name, kind, url: String(f.get('url') ?? ''), secret: String(f.get('secret') ?? '') || undefined, locale: f.get('locale') === 'zh' ? 'zh' : 'en' },
          {
            onSuccess: () => {
              setNotice(t('new.added', { name: name.trim() }));
              form.reset();
              setKind('dingtalk');
            },
          },
        );
      }}
    >
      <h3 className="font-medium">{t('new.title')}</h3>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('new.name')} required error={announced(errors.fields.name)}>
          <input name="name" required maxLength={100} autoComplete="off" />
        </Field>
        <Field label={t('new.kind')} error={announced(errors.fields.kind)}>
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)} className={INPUT_CLASS}>
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`channel.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {kind === 'email' ? (
          <fieldset className="space-y-1 text-sm sm:col-span-2">
            <legend className="mb-1 font-medium">{t('new.recipients')}</legend>
            <p className="text-xs text-slate-600">{t('new.recipientsHint')}</p>
            {(users.data ?? [])
              .filter((u) => !u.disabled)
              .map((u) => (
                <label key={u.id} className="flex items-center gap-2">
                  <input type="checkbox" name="recipients" value={u.id} />
                  <span className="break-all" translate="no">
                    {u.email}
                  </span>
                </label>
              ))}
            {announced(errors.fields.recipients)}
          </fieldset>
        ) : (
          <>
            <Field label={t('new.url')} hint={t('new.urlHint')} required error={announced(errors.fields.url)} className="sm:col-span-2">
              <input name="url" type="url" required maxLength={2000} autoComplete="off" spellCheck={false} />
            </Field>
            {SIGNED_KINDS.includes(kind as ChatKind) && (
              <Field label={t('new.secret')} hint={t('new.secretHint')} error={announced(errors.fields.secret)}>
                <input name="secret" type="password" maxLength={200} autoComplete="off" />
              </Field>
            )}
            <Field label={t('new.locale')} error={announced(errors.fields.locale)}>
              <select name="locale" defaultValue="zh" className={INPUT_CLASS}>
                <option value="zh">中文</option>
                <option value="en">English</option>
              </select>
            </Field>
          </>
        )}
      </div>
      <FormMessage error={errors.message} notice={notice} />
      <Button type="submit" variant="primary" busy={create.isPending} busyLabel={t('new.adding')}>
        {t('new.add')}
      </Button>
    </form>
  );
}
