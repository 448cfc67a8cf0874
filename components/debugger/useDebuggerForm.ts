'use client';

import { useState } from 'react';
import { DEBUG_ACTIVITIES, REFRESH_SCENES, isDebugActivity, validateForm, validateTargetUrl, type DebugActivity, type FieldError } from '@/lib/debugger/catalog';
import type { Prefill } from '@/lib/debugger/prefill';
import type { CaseRow } from '@/lib/debugger/queries';
import type { DebugTargetInput } from '@/lib/client/hooks/debugger';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';

type Key = keyof (typeof messages)['en'];

/** A saved case opened for editing (its stored key stays on the server: only its fingerprint comes along). */
export type EditingCase = Pick<CaseRow, 'id' | 'name' | 'activity' | 'targetUrl' | 'keyFingerprint' | 'params'>;

/** The fields that are not the activity's own: the case's name and the target. */
const GENERAL = ['name', 'url', 'key', 'activity'] as const;
type GeneralField = (typeof GENERAL)[number];
const isGeneral = (k: string): k is GeneralField => (GENERAL as readonly string[]).includes(k);

/** What is wrong with a field: a code the form found itself (translated when shown), or the server's message (already in the user's language). */
type Problem = { code: string; vars?: FieldError['vars'] } | { text: string };

function initialValues(prefill: Prefill, editing?: EditingCase): Record<DebugActivity, Record<string, string>> {
  const out = {} as Record<DebugActivity, Record<string, string>>;
  for (const a of DEBUG_ACTIVITIES) out[a] = { ...prefill[a] };
  if (editing && isDebugActivity(editing.activity)) out[editing.activity] = { ...editing.params };
  return out;
}

/**
 * The debugger form's state: target (this app or another URL, a typed key), the activity and its fields, the case's
 * name, and what is wrong with each field, whether the browser found it (the same checks as the server's,
 * lib/debugger/catalog.ts) or the server did (the envelope's `fields`).
 */
export function useDebuggerForm(prefill: Prefill, editing?: EditingCase, firstActivity: DebugActivity = 'newInstance') {
  const t = useT(messages);
  const [mode, setMode] = useState<'app' | 'other'>(editing?.targetUrl ? 'other' : 'app');
  const [url, setUrl] = useState(editing?.targetUrl ?? '');
  const [key, setKey] = useState('');
  const [forgetKey, setForgetKey] = useState(false);
  const [activity, setActivityState] = useState<DebugActivity>(editing && isDebugActivity(editing.activity) ? editing.activity : firstActivity);
  const [values, setValues] = useState(() => initialValues(prefill, editing));
  const [name, setName] = useState(editing?.name ?? '');
  const [problems, setProblems] = useState<Record<string, Problem>>({});

  const current = values[activity];
  const target = (): DebugTargetInput => ({ url: mode === 'other' ? url.trim() : undefined, key: key || undefined });
  const urlCode = () => (mode === 'other' ? (url.trim() ? validateTargetUrl(url.trim()) : 'url') : undefined);

  function setField(field: string, value: string) {
    if (activity === 'refreshInstance' && field === 'scene' && (REFRESH_SCENES as readonly string[]).includes(value)) {
      const scene = prefill.scenes[value as (typeof REFRESH_SCENES)[number]];
      setValues((v) => ({ ...v, refreshInstance: { ...scene, instanceId: v.refreshInstance.instanceId ?? '' } }));
    } else setValues((v) => ({ ...v, [activity]: { ...v[activity], [field]: value } }));
    setProblems(({ [field]: _gone, ...rest }) => rest);
  }

  function setActivity(a: string) {
    if (isDebugActivity(a)) setActivityState(a);
    setProblems({});
  }

  function reset() {
    setValues((v) => ({ ...v, [activity]: { ...prefill[activity] } }));
    setProblems({});
  }

  /** Checks in the browser first (the server checks again): every problem at once, focus on the first. */
  function check(what: 'send' | 'save' | 'target', form: HTMLFormElement | null): boolean {
    const found: Record<string, Problem> = what === 'target' ? {} : validateForm(activity, current);
    const u = urlCode();
    if (u) found.url = { code: u };
    if (what !== 'target' && key.length > 256) found.key = { code: 'keyTooLong' };
    if (what === 'save' && !name.trim()) found.name = { code: 'required' };
    else if (what === 'save' && name.trim().length > 100) found.name = { code: 'tooLong' };
    setProblems(found);
    const ok = Object.keys(found).length === 0;
    if (!ok) setTimeout(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
    return ok;
  }

  /** The server's field errors (already in the user's language) beside their fields. */
  function showServerFields(fields: Record<string, string> = {}) {
    setProblems(Object.fromEntries(Object.entries(fields).map(([k, text]) => [k, { text }])));
  }

  /** A field's problem in words: the activity's fields as `err.*`, the target's and name's as `gen.*`. */
  function problem(field: string): string | undefined {
    const p = problems[field];
    if (!p) return undefined;
    if ('text' in p) return p.text;
    return isGeneral(field) ? t(`gen.${p.code}` as Key) : t(`err.${p.code}` as Key, p.vars);
  }

  const hasFieldProblems = Object.keys(problems).some((k) => !isGeneral(k));
  return {
    mode, setMode, url, setUrl, key, setKey, forgetKey, setForgetKey, activity, setActivity, current, setField, reset, name, setName,
    target, check, showServerFields, problem, hasFieldProblems,
  };
}

export type DebuggerForm = ReturnType<typeof useDebuggerForm>;
