import { translator, type Locale, type Messages, type Vars } from './i18n/core';
import calls from './i18n/messages/calls';
import common from './i18n/messages/common';
import debuggerMessages from './i18n/messages/debugger';
import errors from './i18n/messages/errors';
import instances from './i18n/messages/instances';
import licences from './i18n/messages/licences';
import tenants from './i18n/messages/tenants';
import usage from './i18n/messages/usage';

/**
 * Why a domain function would not do what it was asked: the one refusal type of lib/ (issue 7). Domain functions
 * never see HTTP; they return (or throw) a Refusal, and the console route wrapper (lib/console/route.ts) turns it
 * into the error envelope `{ error: { key, message, fields? } }` with the status of its kind, in the user's language.
 *
 * The message is a key of one of the catalogues below, `<catalogue>.<key>` (`errors.user.none`,
 * `licences.err.notFound`). Values named `role`, `status` and `field` are shown in the reader's words where the
 * catalogue has them (`role.admin`, `status.delivered`, `field.serviceStartTime`).
 */
const CATALOGUES = { errors, licences, instances, calls, debugger: debuggerMessages, usage, tenants } as const;
type Catalogues = typeof CATALOGUES;
export type RefusalKey = { [C in keyof Catalogues]: `${C}.${Extract<keyof Catalogues[C]['en'], string>}` }[keyof Catalogues];

export type RefusalKind = 'invalid' | 'forbidden' | 'notFound' | 'conflict';

/** The HTTP status of each kind, for the console API. */
export const REFUSAL_STATUS: Record<RefusalKind, 400 | 403 | 404 | 409> = { invalid: 400, forbidden: 403, notFound: 404, conflict: 409 };

export interface RefusalMessage {
  key: RefusalKey;
  vars?: Vars;
}

export class Refusal extends Error {
  readonly key: RefusalKey;
  readonly vars?: Vars;
  /** field → what is wrong with it */
  readonly fields?: Record<string, RefusalMessage>;

  constructor(
    readonly kind: RefusalKind,
    message: RefusalMessage,
    fields?: Record<string, RefusalMessage>,
  ) {
    super(messageText(message, 'en'));
    this.name = 'Refusal';
    this.key = message.key;
    this.vars = message.vars;
    this.fields = fields;
  }

  /** the HTTP status the console API answers it with */
  get status(): number {
    return REFUSAL_STATUS[this.kind];
  }

  /** The envelope's body in `locale`. */
  toEnvelope(locale: Locale): ErrorEnvelope {
    const fields = this.fields && Object.fromEntries(Object.entries(this.fields).map(([f, m]) => [f, messageText(m, locale)]));
    return { error: { key: this.key, message: messageText(this, locale), ...(fields ? { fields } : {}) } };
  }
}

/** `{ error: { key, message, fields? } }`: every console API error, whatever its cause. */
export interface ErrorEnvelope {
  error: { key: string; message: string; fields?: Record<string, string> };
}

export function refusal(kind: RefusalKind, key: RefusalKey, vars?: Vars, fields?: Record<string, RefusalMessage>): Refusal {
  return new Refusal(kind, { key, vars }, fields);
}

/** A refusal whose message is about one field, which the form shows beside that field. */
export function fieldRefusal(field: string, key: RefusalKey, vars?: Vars): Refusal {
  const m = { key, vars: { field, ...vars } };
  return new Refusal('invalid', m, { [field]: m });
}

export function isRefusal(v: unknown): v is Refusal {
  return v instanceof Refusal;
}

/** True for `<catalogue>.<key>` of a catalogue above (a zod schema may name one as its error: lib/console/route.ts parse). */
export function isRefusalKey(s: unknown): s is RefusalKey {
  if (typeof s !== 'string') return false;
  const dot = s.indexOf('.');
  const catalogue = CATALOGUES[s.slice(0, dot) as keyof Catalogues] as Messages | undefined;
  return dot > 0 && !!catalogue && s.slice(dot + 1) in catalogue.en;
}

/** The text of a refusal message in `locale`; an unknown catalogue or key shows the key itself. */
export function messageText(m: RefusalMessage, locale: Locale): string {
  const dot = m.key.indexOf('.');
  const catalogue = CATALOGUES[m.key.slice(0, dot) as keyof Catalogues] as Messages | undefined;
  if (!catalogue) return m.key;
  const key = m.key.slice(dot + 1);
  const t = translator(catalogue, locale);
  if (locale === 'en' || !m.vars) return t(key, m.vars);
  const vars: Vars = { ...m.vars };
  const own = (prefix: string, v: unknown) => typeof v === 'string' && `${prefix}.${v}` in catalogue.en;
  if (typeof vars.role === 'string') vars.role = translator(common, locale)(`role.${vars.role}` as never);
  if (own('status', vars.status)) vars.status = t(`status.${vars.status}`);
  if (own('field', vars.field)) vars.field = t(`field.${vars.field}`);
  return t(key, vars);
}
