'use client';

import { useState } from 'react';
import type { LicenceT } from '@/components/licences/ui';
import { useIsClient } from '@/components/LocalTime';
import { readFilterForm, TimeInput } from '@/components/TimeInput';
import { Button, Card, Field, FormMessage, INPUT_CLASS } from '@/components/ui';
import { useLicenceAction } from '@/lib/client/hooks/licences';
import { formErrors } from '@/lib/client/fieldErrors';
import { TIME_INPUT_FORMAT } from '@/lib/datetime';
import type { DeliveryDetail } from '@/lib/licences/queries';
import { NOTE_MAX } from '@/lib/licences/validation';

/**
 * A time typed as the console shows times (`2026-12-01 18:50`, the reader's zone; lib/datetime.ts), not a native
 * datetime-local, whose display follows the browser's locale (mm/dd/yyyy). TimeInput names its input f-<name> and
 * shows the error itself.
 */
function TimeField({ t, name, label, required, iso, error }: { t: LicenceT; name: string; label: string; required?: boolean; iso?: string; error?: string }) {
  const client = useIsClient();
  const zone = client ? Intl.DateTimeFormat().resolvedOptions().timeZone : 'UTC';
  return (
    // remounted once hydrated, so that the default time appears in the reader's zone
    <Field key={String(client)} id={`f-${name}`} label={label} required={required} hint={t('time.hint', { format: TIME_INPUT_FORMAT, zone })}>
      {() => <TimeInput name={name} iso={iso} error={error} className={INPUT_CLASS} />}
    </Field>
  );
}

/** The form's time as an ISO instant ('' when empty), or the message for a time not in the console's format. */
function readTime(t: LicenceT, form: HTMLFormElement, name: string): { iso: string; error?: string } {
  const { query, errors } = readFilterForm(new FormData(form), [name], [name], t('time.format', { format: TIME_INPUT_FORMAT }));
  return { iso: query.get(name) ?? '', error: errors[name] };
}

/** A message beside its field, announced when it appears. */
const announced = (text: string | undefined) => text && <span role="alert">{text}</span>;

/** Confirm delivery with the actual service start time (spec §9.4): once a licence is issued, while one is owed. */
export function DeliverForm({ t, d }: { t: LicenceT; d: DeliveryDetail }) {
  const deliver = useLicenceAction(d.id);
  const [now] = useState(() => new Date().toISOString());
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string>();
  const [startError, setStartError] = useState<string>();
  const errors = formErrors(deliver.error, ['serviceStartTime', 'note'] as const);
  const hasLicence = d.licence !== null;
  const again = d.status === 'rejected';
  return (
    <Card title={again ? t('deliver.redeliver') : t('deliver.title')} description={t('deliver.intro')}>
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          setDone(undefined);
          deliver.reset();
          const start = readTime(t, e.currentTarget, 'serviceStartTime');
          setStartError(start.error ?? (start.iso ? undefined : t('deliver.startRequired')));
          if (!start.iso) return;
          deliver.mutate(
            { action: 'deliver', serviceStartTime: start.iso, note },
            {
              onSuccess: () => {
                setDone(t('deliver.done'));
                setNote('');
              },
            },
          );
        }}
      >
        <TimeField t={t} name="serviceStartTime" label={t('deliver.start')} required iso={now} error={startError ?? errors.fields.serviceStartTime} />
        <Field label={t('deliver.note')} className="sm:col-span-2" error={announced(errors.fields.note)}>
          <textarea rows={3} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <Button type="submit" variant="primary" disabled={!hasLicence} busy={deliver.isPending} busyLabel={t('deliver.working')}>
            {again ? t('deliver.redeliver') : t('deliver.submit')}
          </Button>
          {!hasLicence && <span className="text-sm text-slate-600">{t('deliver.needLicence')}</span>}
        </div>
      </form>
      <FormMessage error={errors.message} notice={done} className="mt-3" />
    </Card>
  );
}

/** Record what the buyer decided in the Seller Center; a rejection says why. */
export function DecisionForm({ t, d }: { t: LicenceT; d: DeliveryDetail }) {
  const decide = useLicenceAction(d.id);
  const [decision, setDecision] = useState<'accepted' | 'rejected'>('accepted');
  const [atError, setAtError] = useState<string>();
  const [note, setNote] = useState('');
  const [noteMissing, setNoteMissing] = useState(false);
  const errors = formErrors(decide.error, ['decision', 'decidedAt', 'note'] as const);
  return (
    <Card title={t('decide.title')} description={t('decide.intro')}>
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          decide.reset();
          const at = readTime(t, e.currentTarget, 'decidedAt');
          const missing = decision === 'rejected' && !note.trim();
          setAtError(at.error);
          setNoteMissing(missing);
          if (!missing && !at.error) decide.mutate({ action: 'decide', decision, note, ...(at.iso ? { decidedAt: at.iso } : {}) });
        }}
      >
        <fieldset className="text-sm" aria-describedby={errors.fields.decision ? 'decision-error' : undefined}>
          <legend className="font-medium text-slate-700">{t('decide.decision')}</legend>
          <div className="mt-1 flex gap-4">
            {(['accepted', 'rejected'] as const).map((v) => (
              <label key={v} className="flex items-center gap-1.5">
                <input type="radio" name="decision" value={v} checked={decision === v} onChange={() => setDecision(v)} className="accent-red-700" />
                {t(`decide.${v}`)}
              </label>
            ))}
          </div>
          {errors.fields.decision && (
            <p id="decision-error" role="alert" className="mt-1 text-xs font-medium text-red-700">
              {errors.fields.decision}
            </p>
          )}
        </fieldset>
        <TimeField t={t} name="decidedAt" label={t('decide.at')} error={atError ?? errors.fields.decidedAt} />
        <Field label={t('decide.note')} className="sm:col-span-2" error={announced(noteMissing ? t('decide.noteRequired') : errors.fields.note)}>
          <textarea rows={3} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <Button type="submit" variant="primary" className="justify-self-start sm:col-span-2" busy={decide.isPending} busyLabel={t('decide.working')}>
          {t('decide.submit')}
        </Button>
      </form>
      <FormMessage error={errors.message} className="mt-3" />
    </Card>
  );
}
