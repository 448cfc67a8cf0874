import type { ReactNode } from 'react';
import { Badge, type BadgeTone } from '@/components/ui';
import type { Translate } from '@/lib/i18n/core';
import type messages from '@/lib/i18n/messages/licences';
import type { CodeSummary, Generation } from '@/lib/licences/queries';
import type { DeliveryStatus } from '@/lib/licences/transitions';

/** The licence messages' translator, as useT / getT hand it. */
export type LicenceT = Translate<Extract<keyof (typeof messages)['en'], string>>;

const TONE = { awaiting: 'warning', delivered: 'info', accepted: 'success', rejected: 'danger' } as const satisfies Record<DeliveryStatus, BadgeTone>;

/** A delivery's status; `label` is the translated word. */
export function DeliveryStatusBadge({ status, label }: { status: DeliveryStatus; label: string }) {
  return (
    <Badge data-testid="delivery-status" tone={TONE[status]}>
      {label}
    </Badge>
  );
}

/** The order kind a delivery answers (new purchase, renewal, …); a kind without a word is shown as it is. */
export function kindLabel(t: LicenceT, kind: string): string {
  const key = `kind.${kind}` as 'kind.NEW';
  const word = t(key);
  return word === key ? kind : word;
}

/** Name–value lines of a licence card; a missing value is a dash. */
export function Facts({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-[minmax(6rem,auto)_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm">{children}</dl>;
}

export function Fact({ label, children }: { label: string; children?: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children ?? '—'}</dd>
    </>
  );
}

const GENERATION_TONE = { manual: 'neutral', licence_code: 'accent', online: 'info', v1: 'warning' } as const satisfies Record<Generation, BadgeTone>;

/** Which generation of licence a delivery is (manual, licence code, online; lib/licences/queries.ts deliveryGeneration). */
export function GenerationBadge({ t, generation }: { t: LicenceT; generation: Generation }) {
  return (
    <Badge data-testid="delivery-generation" tone={GENERATION_TONE[generation]}>
      {t(`generation.${generation}`)}
    </Badge>
  );
}

const CODE_TONE: Record<string, BadgeTone> = { pending: 'neutral', active: 'success', frozen: 'warning', released: 'neutral', expired: 'danger' };

/** A licence code's status as this app keeps it (lib/licenceCodes/transitions.ts), and "test code" for a debugging one. */
export function CodeStatusBadges({ t, code }: { t: LicenceT; code: Pick<CodeSummary, 'status' | 'test'> }) {
  const key = `code.status.${code.status}` as 'code.status.active';
  const word = t(key);
  return (
    <>
      <Badge data-testid="code-status" tone={CODE_TONE[code.status] ?? 'neutral'}>
        {word === key ? code.status : word}
      </Badge>
      {code.test && <Badge tone="warning">{t('code.test')}</Badge>}
    </>
  );
}
