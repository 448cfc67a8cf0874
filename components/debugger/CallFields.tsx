'use client';

import { Button, Field, cx } from '@/components/ui';
import {
  ACTIVITY_FIELDS,
  BASIC_ACTIVITIES,
  KIT_ACTIVITIES,
  LICENCE_ACTIVITIES,
  V1_ACTIVITIES,
  isKitActivity,
  isLicenceActivity,
  isV1DebugActivity,
  wireActivity,
  type FieldDef,
} from '@/lib/debugger/catalog';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';
import { FormSection } from './TargetFields';
import type { DebuggerForm } from './useDebuggerForm';

/** The activity and its fields as the spec's tables list them (spec §3.3-3.10, the kit's §3.12), with Send and Reset. */
export function CallFields({ form, canSend, sending, onActivity, productionUrl }: { form: DebuggerForm; canSend: boolean; sending: boolean; onActivity: () => void; productionUrl: string }) {
  const t = useT(messages);
  const kit = isKitActivity(form.activity);
  return (
    <FormSection legend={t('form.legend')}>
      <Field id="dbg-activity" label={t('form.activity')} error={form.problem('activity')}>
        {(c) => (
          <select
            {...c}
            translate="no"
            value={form.activity}
            onChange={(e) => {
              form.setActivity(e.target.value);
              onActivity();
            }}
            className={cx(c.className, 'font-mono')}
          >
            <optgroup label={t('form.groupBasic')}>
              {BASIC_ACTIVITIES.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('form.groupLicence')}>
              {LICENCE_ACTIVITIES.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('form.groupKit')}>
              {KIT_ACTIVITIES.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('form.groupV1')}>
              {V1_ACTIVITIES.map((a) => (
                <option key={a} value={a}>
                  {wireActivity(a)} (V1)
                </option>
              ))}
            </optgroup>
          </select>
        )}
      </Field>
      {ACTIVITY_FIELDS[form.activity].map((f) => (
        <ActivityField key={`${form.activity}-${f.name}`} f={f} form={form} />
      ))}
      {kit ? (
        <p className="text-xs text-slate-600 [overflow-wrap:anywhere]">{t('form.kitNote', { url: `${productionUrl.replace(/\/+$/, '')}/produceAPI/v2/${form.activity}` })}</p>
      ) : isV1DebugActivity(form.activity) ? (
        <p className="text-xs text-slate-600 [overflow-wrap:anywhere]">{t('form.v1Note', { url: productionUrl })}</p>
      ) : (
        <p className="text-xs text-slate-600">{t('form.testFlag')}</p>
      )}
      {isLicenceActivity(form.activity) && <p className="text-xs text-slate-600">{t('form.licenceNote')}</p>}
      <p className="text-xs text-slate-600">{t('form.placeholders', { uuid: '{{uuid}}', last: '{{lastInstanceId}}' })}</p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={!canSend} busy={sending} busyLabel={t('form.sending')}>
          {t('form.send')}
        </Button>
        <Button onClick={form.reset}>{t('form.reset')}</Button>
      </div>
      {form.hasFieldProblems && (
        <p role="alert" className="text-xs text-red-700">
          {t('form.fixErrors')}
        </p>
      )}
    </FormSection>
  );
}

/** One field of the activity, named as in the spec (data, not words), marked required or optional. */
function ActivityField({ f, form }: { f: FieldDef; form: DebuggerForm }) {
  const t = useT(messages);
  const value = form.current[f.name] ?? '';
  const label = (
    <>
      <span translate="no" className="font-mono">
        {f.name}
      </span>{' '}
      <span className="text-xs font-normal text-slate-500">({t(f.required ? 'form.required' : 'form.optional')})</span>
    </>
  );
  const hint =
    f.kind === 'secret' ? t('form.secretHint', { uuid: '{{uuid}}' }) : f.kind === 'users' ? t('form.usersHint') : f.kind === 'orgs' ? t('form.orgsHint') : undefined;
  return (
    <Field id={`dbg-f-${f.name.replace('.', '-')}`} label={label} hint={hint} error={form.problem(f.name)}>
      {(c) =>
        f.kind === 'flag' ? (
          <select {...c} value={value} onChange={(e) => form.setField(f.name, e.target.value)} className={cx(c.className, 'font-mono')}>
            {f.options!.map((o) => (
              <option key={o} value={o}>
                {o} · {t(`flag.${o}` as 'flag.0')}
              </option>
            ))}
          </select>
        ) : f.kind === 'users' || f.kind === 'orgs' ? (
          <textarea
            {...c}
            translate="no"
            spellCheck={false}
            rows={Math.min(12, Math.max(4, value.split('\n').length))}
            value={value}
            onChange={(e) => form.setField(f.name, e.target.value)}
            className={cx(c.className, 'font-mono text-xs')}
          />
        ) : f.kind === 'enum' ? (
          <select {...c} translate="no" value={value} onChange={(e) => form.setField(f.name, e.target.value)} className={cx(c.className, 'font-mono')}>
            {!f.required && <option value="" />}
            {f.options!.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...c}
            translate="no"
            value={value}
            onChange={(e) => form.setField(f.name, e.target.value)}
            inputMode={f.kind === 'int' || f.kind === 'time' ? 'numeric' : undefined}
            className={cx(c.className, 'font-mono')}
          />
        )
      }
    </Field>
  );
}
