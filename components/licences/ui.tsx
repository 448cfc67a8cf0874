import { Badge, type BadgeTone } from '@/components/ui';
import type { DeliveryStatus } from '@/lib/licences/transitions';

export const CARD = 'rounded-lg border border-slate-200 bg-white p-5 shadow-sm';
export const BUTTON =
  'rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 focus:outline-2 focus:outline-offset-1 focus:outline-red-700 disabled:opacity-50';
export const PRIMARY =
  'rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus:outline-2 focus:outline-offset-2 focus:outline-red-700 disabled:opacity-60';
export const INPUT = 'mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-2 focus:outline-red-700';
export const DL = 'grid grid-cols-[minmax(6rem,auto)_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm';

const TONE: Record<DeliveryStatus, BadgeTone> = {
  awaiting: 'warning',
  delivered: 'info',
  accepted: 'success',
  rejected: 'danger',
};

/** A delivery's status; `label` is the translated word. */
export function DeliveryStatusBadge({ status, label }: { status: DeliveryStatus; label: string }) {
  return (
    <Badge data-testid="delivery-status" tone={TONE[status]}>
      {label}
    </Badge>
  );
}
