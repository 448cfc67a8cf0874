'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { VerdictBadge } from '@/components/debugger/Checks';
import { ExchangeView } from '@/components/debugger/ExchangeView';
import {
  ACTIVITY_FIELDS,
  DEBUG_ACTIVITIES,
  REFRESH_SCENES,
  interfaceTypeOf,
  isDebugActivity,
  validateForm,
  validateTargetUrl,
  type DebugActivity,
  type FieldErrors,
} from '@/lib/debugger/catalog';
import type { Prefill } from '@/lib/debugger/prefill';
import type { LifecycleStepView } from '@/lib/debugger/runner';
import type { Exchange } from '@/lib/debugger/send';
import { errorOf } from '@/lib/client/api';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';

type Key = keyof (typeof messages)['en'];
/** a code the form found itself (translated here), or the server's message (already in the user's language) */
type General = Partial<Record<'name' | 'url' | 'key' | 'activity', string | { text: string }>>;
type Errors = Record<string, FieldErrors[string] | string>;
const GENERAL = ['name', 'url', 'key', 'activity'];

export interface EditingCase {
  id: string;
  name: string;
  activity: string;
  targetUrl: string | null;
  keyFingerprint: string | null;
  params: Record<string, string>;
}

const input =
  'mt-1 block w-full rounded border border-slate-300 px-2 py-1.5 text-sm font-mono focus-visible:outline-2 focus-visible:outline-red-700 aria-[invalid=true]:border-red-600';
const button =
  'rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 disabled:opacity-60';
const secondary = 'rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-red-700 disabled:opacity-60';
const card = 'mt-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6';

function initialValues(prefill: Prefill, editing?: EditingCase): Record<DebugActivity, Record<string, string>> {
  const out = {} as Record<DebugActivity, Record<string, string>>;
  for (const a of DEBUG_ACTIVITIES) out[a] = { ...prefill[a] };
  if (editing && isDebugActivity(editing.activity)) out[editing.activity] = { ...editing.params };
  return out;
}

export function DebuggerView({
  prefill,
  appUrl,
  keyLabels,
  canSend,
  editing,
}: {
  prefill: Prefill;
  appUrl: string;
  keyLabels: { basic: string | null; general: string | null };
  canSend: boolean;
  editing?: EditingCase;
}) {
  const t = useT(messages);
  const router = useRouter();
  const [mode, setMode] = useState<'app' | 'other'>(editing?.targetUrl ? 'other' : 'app');
  const [url, setUrl] = useState(editing?.targetUrl ?? '');
  const [key, setKey] = useState('');
  const [forgetKey, setForgetKey] = useState(false);
  const [activity, setActivity] = useState<DebugActivity>(editing && isDebugActivity(editing.activity) ? editing.activity : 'newInstance');
  const [values, setValues] = useState(() => initialValues(prefill, editing));
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<General>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [exchange, setExchange] = useState<Exchange>();
  const [name, setName] = useState(editing?.name ?? '');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [life, setLife] = useState<{ running: boolean; steps: LifecycleStepView[]; pass?: boolean; error?: string }>({ running: false, steps: [] });
  const formRef = useRef<HTMLFormElement>(null);

  const fields = ACTIVITY_FIELDS[activity];
  const current = values[activity];
  const keyLabel = keyLabels[interfaceTypeOf(activity)];
  const target = () => ({ url: mode === 'other' ? url.trim() : undefined, key: key || undefined });

  function setField(name: string, value: string) {
    if (activity === 'refreshInstance' && name === 'scene' && (REFRESH_SCENES as readonly string[]).includes(value)) {
      setValues((v) => ({ ...v, refreshInstance: { ...prefill.scenes[value as (typeof REFRESH_SCENES)[number]], instanceId: v.refreshInstance.instanceId ?? '' } }));
    } else setValues((v) => ({ ...v, [activity]: { ...v[activity], [name]: value } }));
    setErrors((e) => {
      const rest = { ...e };
      delete rest[name];
      return rest;
    });
  }

  /** Client-side checks first (the server checks again): every field error at once, focus on the first. */
  function check(needName: boolean): boolean {
    const fe = validateForm(activity, current);
    const ge: General = {};
    const urlError = mode === 'other' ? (url.trim() ? validateTargetUrl(url.trim()) : 'url') : undefined;
    if (urlError) ge.url = urlError;
    if (key.length > 256) ge.key = 'keyTooLong';
    if (needName && !name.trim()) ge.name = 'required';
    if (needName && name.trim().length > 100) ge.name = 'tooLong';
    setErrors(fe);
    setGeneral(ge);
    const bad = Object.keys(fe).length > 0 || Object.keys(ge).length > 0;
    if (bad) setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
    return !bad;
  }

  /** The server's field errors (the envelope of lib/console/route.ts) beside their fields. */
  function showFieldErrors(fields: Record<string, string> = {}) {
    const all = Object.entries(fields);
    setErrors(Object.fromEntries(all.filter(([k]) => !GENERAL.includes(k))));
    setGeneral(Object.fromEntries(all.filter(([k]) => GENERAL.includes(k)).map(([k, text]) => [k, { text }])));
  }

  async function post(path: string, method: string, body: unknown): Promise<{ ok: boolean; status: number; json: Record<string, unknown>; error?: string }> {
    const res = await fetch(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (res.ok) return { ok: true, status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    const error = await errorOf(res);
    if (res.status === 400) showFieldErrors(error.fields);
    return { ok: false, status: res.status, json: {}, error: error.message };
  }

  async function send(e: React.FormEvent) {
    e.preventDefault();
    setFailure(undefined);
    if (!check(false)) return;
    setSending(true);
    try {
      const r = await post('/api/console/debugger/send', 'POST', { activity, params: current, ...target() });
      if (r.ok) setExchange(r.json.exchange as Exchange);
      else if (r.status !== 400) setFailure(r.error);
    } catch (err) {
      setFailure((err as Error).message);
    } finally {
      setSending(false);
    }
  }

  async function save() {
    setSaved(undefined);
    setFailure(undefined);
    if (!check(true)) return;
    setSaving(true);
    try {
      const keyField = forgetKey ? { key: '' } : key ? { key } : {};
      const body = { name: name.trim(), activity, params: current, url: mode === 'other' ? url.trim() : '', ...keyField };
      const r = editing ? await post(`/api/console/debugger/cases/${editing.id}`, 'PUT', body) : await post('/api/console/debugger/cases', 'POST', body);
      if (r.ok) {
        setSaved(t(editing ? 'save.updated' : 'save.saved', { name: name.trim() }));
        setKey('');
        router.refresh();
      } else if (r.status !== 400) setFailure(r.error);
    } catch (err) {
      setFailure((err as Error).message);
    } finally {
      setSaving(false);
    }
  }

  async function runLifecycle() {
    const ge: General = {};
    const urlError = mode === 'other' ? (url.trim() ? validateTargetUrl(url.trim()) : 'url') : undefined;
    if (urlError) ge.url = urlError;
    setGeneral(ge);
    if (urlError) return;
    setLife({ running: true, steps: [] });
    try {
      const res = await fetch('/api/console/debugger/lifecycle', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(target()) });
      if (!res.ok || !res.body) {
        const error = await errorOf(res);
        if (res.status === 400) showFieldErrors(error.fields);
        setLife({ running: false, steps: [], error: error.message });
        return;
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = JSON.parse(buffer.slice(0, nl)) as { step?: LifecycleStepView; done?: { ok: boolean; pass?: boolean; error?: string } };
          buffer = buffer.slice(nl + 1);
          if (line.step) setLife((l) => ({ ...l, steps: [...l.steps, line.step!] }));
          if (line.done) setLife((l) => ({ ...l, running: false, pass: !!line.done!.pass, error: line.done!.error }));
        }
      }
      setLife((l) => ({ ...l, running: false }));
    } catch (err) {
      setLife((l) => ({ ...l, running: false, error: (err as Error).message }));
    }
  }

  const errorText = (e: Errors[string]) => (typeof e === 'string' ? e : t(`err.${e.code}` as Key, e.vars));
  const generalText = (k: keyof General) => {
    const g = general[k];
    return g === undefined ? undefined : typeof g === 'string' ? t(`gen.${g}` as Key) : g.text;
  };

  return (
    <div>
      {!canSend && (
        <p role="note" className="mt-4 rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          {t('viewerNote')}
        </p>
      )}
      {editing && (
        <p className="mt-4 flex flex-wrap items-center gap-3 rounded border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900">
          {t('form.editing', { name: editing.name })}
          <Link href="/debugger" className="underline focus-visible:outline-2 focus-visible:outline-red-700">
            {t('form.cancelEdit')}
          </Link>
        </p>
      )}
      <form ref={formRef} onSubmit={send} noValidate aria-label={t('tab.send')} className="grid gap-6 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
        <div>
          <fieldset className={card}>
            <legend className="px-1 text-sm font-semibold">{t('target.legend')}</legend>
            <div className="space-y-2 text-sm">
              <label className="flex items-start gap-2">
                <input type="radio" name="target" checked={mode === 'app'} onChange={() => setMode('app')} className="mt-1" />
                <span>
                  {t('target.app')}
                  <span className="block break-all font-mono text-xs text-slate-600">{appUrl}</span>
                </span>
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="target" checked={mode === 'other'} onChange={() => setMode('other')} />
                {t('target.other')}
              </label>
              {mode === 'other' && (
                <div>
                  <label htmlFor="dbg-url" className="block font-medium">
                    {t('target.url')}
                  </label>
                  <input
                    id="dbg-url"
                    type="url"
                    value={url}
                    onChange={(e) => setUrl(e.target.value)}
                    aria-invalid={!!general.url}
                    aria-describedby="dbg-url-hint"
                    placeholder="https://"
                    className={input}
                  />
                  <p id="dbg-url-hint" className={`mt-1 text-xs ${general.url ? 'text-red-700' : 'text-slate-600'}`}>
                    {generalText('url') ?? t('target.urlHint')}
                  </p>
                </div>
              )}
              <div>
                <label htmlFor="dbg-key" className="block font-medium">
                  {t('target.key')}
                </label>
                <input
                  id="dbg-key"
                  type="password"
                  autoComplete="off"
                  value={key}
                  onChange={(e) => setKey(e.target.value)}
                  aria-invalid={!!general.key}
                  aria-describedby="dbg-key-hint"
                  className={input}
                />
                <p id="dbg-key-hint" className={`mt-1 text-xs ${general.key ? 'text-red-700' : 'text-slate-600'}`}>
                  {generalText('key') ?? (mode === 'other' ? t('target.keyHintOther') : t('target.keyHint', { label: keyLabel ?? t('target.keyNone') }))}
                </p>
                {editing?.keyFingerprint && (
                  <div className="mt-1 text-xs text-slate-600">
                    <p>{t('target.keyStored', { fingerprint: editing.keyFingerprint })}</p>
                    <label className="mt-1 flex items-center gap-2">
                      <input type="checkbox" checked={forgetKey} onChange={(e) => setForgetKey(e.target.checked)} />
                      {t('target.forgetKey')}
                    </label>
                  </div>
                )}
              </div>
            </div>
          </fieldset>

          <fieldset className={card}>
            <legend className="px-1 text-sm font-semibold">{t('form.legend')}</legend>
            <div className="space-y-3 text-sm">
              <div>
                <label htmlFor="dbg-activity" className="block font-medium">
                  {t('form.activity')}
                </label>
                <select
                  id="dbg-activity"
                  value={activity}
                  onChange={(e) => {
                    if (isDebugActivity(e.target.value)) setActivity(e.target.value);
                    setErrors({});
                    setExchange(undefined);
                  }}
                  className={input}
                >
                  {DEBUG_ACTIVITIES.map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                </select>
              </div>
              {fields.map((f) => {
                const id = `dbg-f-${f.name.replace('.', '-')}`;
                const err = errors[f.name];
                const label = (
                  <label htmlFor={id} className="block font-medium">
                    <span className="font-mono">{f.name}</span>{' '}
                    <span className="text-xs font-normal text-slate-500">({t(f.required ? 'form.required' : 'form.optional')})</span>
                  </label>
                );
                return (
                  <div key={`${activity}-${f.name}`}>
                    {label}
                    {f.kind === 'enum' ? (
                      <select id={id} value={current[f.name] ?? ''} onChange={(e) => setField(f.name, e.target.value)} aria-invalid={!!err} aria-describedby={err ? `${id}-err` : undefined} className={input}>
                        {!f.required && <option value="" />}
                        {f.options!.map((o) => (
                          <option key={o} value={o}>
                            {o}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        id={id}
                        value={current[f.name] ?? ''}
                        onChange={(e) => setField(f.name, e.target.value)}
                        inputMode={f.kind === 'int' || f.kind === 'time' ? 'numeric' : undefined}
                        aria-invalid={!!err}
                        aria-describedby={err ? `${id}-err` : undefined}
                        className={input}
                      />
                    )}
                    {err && (
                      <p id={`${id}-err`} className="mt-1 text-xs text-red-700">
                        {errorText(err)}
                      </p>
                    )}
                  </div>
                );
              })}
              <p className="text-xs text-slate-600">{t('form.testFlag')}</p>
              <p className="text-xs text-slate-600">{t('form.placeholders', { uuid: '{{uuid}}', last: '{{lastInstanceId}}' })}</p>
              {generalText('activity') && <p className="text-xs text-red-700">{generalText('activity')}</p>}
              <div className="flex flex-wrap gap-2">
                <button type="submit" disabled={!canSend || sending} className={button}>
                  {sending ? t('form.sending') : t('form.send')}
                </button>
                <button
                  type="button"
                  className={secondary}
                  onClick={() => {
                    setValues((v) => ({ ...v, [activity]: { ...prefill[activity] } }));
                    setErrors({});
                  }}
                >
                  {t('form.reset')}
                </button>
              </div>
              {Object.keys(errors).length > 0 && (
                <p role="alert" className="text-xs text-red-700">
                  {t('form.fixErrors')}
                </p>
              )}
            </div>
          </fieldset>

          {canSend && (
            <fieldset className={card}>
              <legend className="px-1 text-sm font-semibold">{t('save.legend')}</legend>
              <div className="space-y-2 text-sm">
                <label htmlFor="dbg-name" className="block font-medium">
                  {t('save.name')}
                </label>
                <input
                  id="dbg-name"
                  value={name}
                  maxLength={120}
                  onChange={(e) => setName(e.target.value)}
                  aria-invalid={!!general.name}
                  aria-describedby={general.name ? 'dbg-name-err' : undefined}
                  className={input}
                />
                {general.name && (
                  <p id="dbg-name-err" className="text-xs text-red-700">
                    {generalText('name')}
                  </p>
                )}
                <button type="button" onClick={save} disabled={saving} className={secondary}>
                  {saving ? t('save.saving') : t(editing ? 'save.update' : 'save.save')}
                </button>
                {saved && (
                  <p role="status" className="text-green-700">
                    {saved}{' '}
                    <Link href="/debugger/cases" className="underline focus-visible:outline-2 focus-visible:outline-red-700">
                      {t('tab.cases')}
                    </Link>
                  </p>
                )}
              </div>
            </fieldset>
          )}
        </div>

        <div className="min-w-0">
          <section aria-label={t('result.title')} className={card}>
            <h2 className="text-lg font-semibold">{t('result.title')}</h2>
            {failure && (
              <p role="alert" className="mt-2 text-sm text-red-800">
                {t('error', { error: failure })}
              </p>
            )}
            {sending && <p className="mt-2 text-sm text-slate-600">{t('form.sending')}</p>}
            {!sending && !exchange && !failure && <p className="mt-2 text-sm text-slate-600">{t('result.empty')}</p>}
            {exchange && !sending && (
              <div className="mt-3">
                <ExchangeView exchange={exchange} />
              </div>
            )}
          </section>

          <section aria-label={t('life.title')} className={card}>
            <h2 className="text-lg font-semibold">{t('life.title')}</h2>
            <p className="mt-1 text-sm text-slate-600">{t('life.intro')}</p>
            <button type="button" onClick={runLifecycle} disabled={!canSend || life.running} className={`mt-3 ${button}`}>
              {life.running ? t('life.running') : t('life.run')}
            </button>
            {life.error && (
              <p role="alert" className="mt-2 text-sm text-red-800">
                {t('error', { error: life.error })}
              </p>
            )}
            {life.steps.length > 0 && (
              <ol aria-label={t('life.steps')} className="mt-4 space-y-2">
                {life.steps.map((s, i) => (
                  <li key={i} data-testid="life-step" className="rounded border border-slate-200">
                    <details>
                      <summary className="flex cursor-pointer flex-wrap items-center gap-2 p-2 text-sm focus-visible:outline-2 focus-visible:outline-red-700">
                        <VerdictBadge pass={s.pass} />
                        <span className="font-medium">{s.name}</span>
                        <span className="text-slate-600">{s.detail}</span>
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
          </section>
        </div>
      </form>
    </div>
  );
}
