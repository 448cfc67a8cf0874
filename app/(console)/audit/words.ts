import type { Translate } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/audit';
import { isSecretName } from '@/lib/redact';

/**
 * How an audit entry reads (issue 7): the action's name, the target as a link to its page, the detail as words.
 * Pure, so the page and the unit tests share it.
 */
export type AuditT = Translate<Extract<keyof (typeof messages)['en'], string>>;

type ActionKey = Extract<keyof (typeof messages)['en'], `action.${string}`>;

/** Every action id with a readable name, in the catalogue's order (instances, calls, jobs, licences, users, debugger). */
export const NAMED_ACTIONS: readonly string[] = Object.keys(messages.en)
  .filter((k) => k.startsWith('action.'))
  .map((k) => k.slice('action.'.length));

export const isNamedAction = (action: string): boolean => NAMED_ACTIONS.includes(action);

/** "Freeze instance" / "冻结实例"; an action the catalogue does not know reads as its id. */
export function actionName(t: AuditT, action: string): string {
  return isNamedAction(action) ? t(`action.${action}` as ActionKey) : action;
}

type FieldKey = Extract<keyof (typeof messages)['en'], `field.${string}`>;

/** "job" / "任务" for a detail field the catalogue names; any other field by its name as written. */
export function fieldLabel(t: AuditT, name: string): string {
  return `field.${name}` in messages.en ? t(`field.${name}` as FieldKey) : name;
}

export const ACTION_GROUPS = ['instance', 'call', 'job', 'usage', 'licence', 'user', 'apikey', 'alert', 'debug'] as const;
type Group = (typeof ACTION_GROUPS)[number] | 'other';

/** The named actions by area, for the action picker. */
export function actionGroups(): { group: Group; actions: string[] }[] {
  const areaOf = (a: string): Group => (ACTION_GROUPS as readonly string[]).find((g) => a.startsWith(`${g}.`)) as Group | undefined ?? 'other';
  const groups: { group: Group; actions: string[] }[] = [];
  for (const a of NAMED_ACTIONS) {
    const g = areaOf(a);
    const found = groups.find((x) => x.group === g);
    if (found) found.actions.push(a);
    else groups.push({ group: g, actions: [a] });
  }
  return groups;
}

export interface TargetView {
  text: string;
  /** the console page of the target, when its kind is known */
  href?: string;
}

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The target of an entry and where it lives, decided by the action's area: an instance id (instance.*), a call
 * (`call 12` or `call:12`, call.*), a licence delivery (`licence/7`, licence.*), a user (user.*: the users page, the
 * target being an e-mail or an id), a debug case (`debug case 3`). Anything else stays plain text.
 */
export function targetView(action: string, target: string | null): TargetView | null {
  if (!target) return null;
  const area = action.split('.')[0];
  const call = /^call[ :](\d{1,19})$/.exec(target)?.[1];
  const delivery = /^licence\/(\d{1,19})$/.exec(target)?.[1];
  let href: string | undefined;
  if (area === 'instance' && ID.test(target)) href = `/instances/${encodeURIComponent(target)}`;
  else if (area === 'call' && call) href = `/calls/${call}`;
  else if (area === 'licence' && delivery) href = `/licences/${delivery}`;
  else if (area === 'user') href = '/users';
  else if (area === 'debug' && /^debug case \d{1,19}$/.test(target)) href = '/debugger/cases';
  // a job's calls: the call log filtered to the job (its retries and the calls it made)
  else if (area === 'job' && ID.test(target)) href = `/calls?jobId=${encodeURIComponent(target)}`;
  return href ? { text: target, href } : { text: target };
}

/** One readable piece of an entry's detail. */
export type DetailPart =
  | { kind: 'change'; from: string; to: string }
  /** the reason as recorded (English); with the refusal's catalogue key and values when the entry has them */
  | { kind: 'reason'; text: string; key?: string; vars?: Record<string, string | number> }
  | { kind: 'denied'; role: string; needed: string }
  | { kind: 'newCall'; id: string }
  | { kind: 'field'; name: string; value: string }
  | { kind: 'secret'; name: string };

const MAX_VALUE = 200;

/** A value as text; inside an object or array, secret-named fields are masked too. */
function text(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v, (k, inner: unknown) => (k && isSecretName(k) ? '***' : inner));
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

/**
 * The detail as parts, in a fixed order: the change (from → to), the refusal (needs a role), the reason, a new call,
 * then every other field as `name: value`. A field whose name is a secret's (lib/redact.ts isSecretName: password,
 * token, key, …) never shows its value; empty values are left out.
 */
export function detailParts(detail: Record<string, unknown> | null | undefined): DetailPart[] {
  if (!detail) return [];
  const rest = new Map(Object.entries(detail).filter(([, v]) => v !== null && v !== undefined && v !== ''));
  const parts: DetailPart[] = [];
  const take = (k: string) => {
    const v = rest.get(k);
    rest.delete(k);
    return v === undefined ? undefined : text(v);
  };
  if (rest.has('from') && rest.has('to')) parts.push({ kind: 'change', from: take('from')!, to: take('to')! });
  if (rest.has('role') && rest.has('needed')) parts.push({ kind: 'denied', role: take('role')!, needed: take('needed')! });
  if (rest.has('reason')) {
    const key = rest.get('refusal');
    const values = rest.get('values');
    const part: DetailPart = { kind: 'reason', text: take('reason')! };
    if (typeof key === 'string') {
      rest.delete('refusal');
      part.key = key;
      if (values && typeof values === 'object' && !Array.isArray(values)) {
        rest.delete('values');
        part.vars = Object.fromEntries(Object.entries(values).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'));
      }
    }
    parts.push(part);
  }
  const newCall = rest.get('newCallId');
  if (typeof newCall === 'string' || typeof newCall === 'number') {
    rest.delete('newCallId');
    if (/^\d{1,19}$/.test(String(newCall))) parts.push({ kind: 'newCall', id: String(newCall) });
    else parts.push({ kind: 'field', name: 'newCallId', value: text(newCall) });
  }
  for (const [name, v] of rest) parts.push(isSecretName(name) ? { kind: 'secret', name } : { kind: 'field', name, value: text(v) });
  return parts;
}
