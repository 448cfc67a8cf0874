import type { DeliveryStatus } from '@/lib/licences/transitions';

export const CARD = 'rounded-lg border border-slate-200 bg-white p-5 shadow-sm';
export const BUTTON =
  'rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 focus:outline-2 focus:outline-offset-1 focus:outline-red-700 disabled:opacity-50';
export const PRIMARY =
  'rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus:outline-2 focus:outline-offset-2 focus:outline-red-700 disabled:opacity-60';
export const INPUT = 'mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-2 focus:outline-red-700';
export const DL = 'grid grid-cols-[minmax(6rem,auto)_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm';

const STYLE: Record<DeliveryStatus, string> = {
  awaiting: 'bg-amber-50 text-amber-900 ring-amber-200',
  delivered: 'bg-sky-50 text-sky-800 ring-sky-200',
  accepted: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  rejected: 'bg-red-50 text-red-800 ring-red-200',
};

/** A delivery's status; `label` is the translated word. */
export function DeliveryStatusBadge({ status, label }: { status: DeliveryStatus; label: string }) {
  return (
    <span data-testid="delivery-status" className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLE[status]}`}>
      {label}
    </span>
  );
}
