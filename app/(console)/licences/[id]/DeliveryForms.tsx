'use client';

import { useState } from 'react';
import type { LicenceT } from '@/components/licences/ui';
import { Button, Card, Field } from '@/components/ui';
import { useLicenceAction } from '@/lib/client/hooks/licences';
import { formErrors } from '@/lib/client/fieldErrors';
import type { DeliveryDetail } from '@/lib/licences/queue';
import { NOTE_MAX } from '@/lib/licences/validation';

/** `<input type="datetime-local">` value for a time, in the browser's zone. */
function localInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
/** The browser reads a datetime-local value in its own zone; the API takes ISO 8601 UTC. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : '');

/** A message beside its field, announced when it appears. */
const announced = (text: string | undefined) => text && <span role="alert">{text}</span>;

/** Confirm delivery with the actual service start time (spec §9.4): once a licence is issued, while one is owed. */
export function DeliverForm({ t, d }: { t: LicenceT; d: DeliveryDetail }) {
  const deliver = useLicenceAction(d.id);
  const [start, setStart] = useState(() => localInputValue(new Date()));
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string>();
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
          deliver.mutate(
            { action: 'deliver', serviceStartTime: toIso(start), note },
            {
              onSuccess: () => {
                setDone(t('deliver.done'));
                setNote('');
              },
            },
          );
        }}
      >
        <Field label={t('deliver.start')} required error={announced(errors.fields.serviceStartTime)}>
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
        </Field>
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
      {errors.message && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {errors.message}
        </p>
      )}
      {done && (
        <p role="status" className="mt-3 text-sm text-emerald-800">
          {done}
        </p>
      )}
    </Card>
  );
}

/** Record what the buyer decided in the Seller Center; a rejection says why. */
export function DecisionForm({ t, d }: { t: LicenceT; d: DeliveryDetail }) {
  const decide = useLicenceAction(d.id);
  const [decision, setDecision] = useState<'accepted' | 'rejected'>('accepted');
  const [at, setAt] = useState('');
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
          const missing = decision === 'rejected' && !note.trim();
          setNoteMissing(missing);
          if (!missing) decide.mutate({ action: 'decide', decision, note, ...(at ? { decidedAt: toIso(at) } : {}) });
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
        <Field label={t('decide.at')} error={announced(errors.fields.decidedAt)}>
          <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
        </Field>
        <Field label={t('decide.note')} className="sm:col-span-2" error={announced(noteMissing ? t('decide.noteRequired') : errors.fields.note)}>
          <textarea rows={3} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <div className="sm:col-span-2">
          <Button type="submit" variant="primary" busy={decide.isPending} busyLabel={t('decide.working')}>
            {t('decide.submit')}
          </Button>
        </div>
      </form>
      {errors.message && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {errors.message}
        </p>
      )}
    </Card>
  );
}
