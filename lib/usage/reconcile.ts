/**
 * Reconciling an hour of usage (issue 8, Console): what was measured (usage_event) against what became of it in the
 * push (usage_record, spec §8.1). Pure: values are units (lib/usage/units.ts), so the sums are exact.
 *
 *   measured = unbilled + pending + accepted + rejected + expired
 *
 * measured and unbilled (reported after a 用完即停 quota ran out, kept but never billed, spec §8.3) come from the
 * events; pending is the billable events not yet sealed into a record plus the records not yet answered (pending or
 * sending); accepted, rejected and expired are the records' values by status. The two sides are separate tables, so
 * a record whose value is not the sum of its events (or a lost event) shows as a mismatch. `pushed` (records sent at
 * least once, whatever the answer) is shown beside, outside the identity.
 */
export interface HourFigures {
  measured: number;
  unbilled: number;
  pending: number;
  pushed: number;
  accepted: number;
  rejected: number;
  expired: number;
}

export const FIGURES = ['measured', 'unbilled', 'pending', 'pushed', 'accepted', 'rejected', 'expired'] as const satisfies readonly (keyof HourFigures)[];

export const ZERO: HourFigures = { measured: 0, unbilled: 0, pending: 0, pushed: 0, accepted: 0, rejected: 0, expired: 0 };

/** What the events and records of one hour add up to, and by how much they disagree (0: they agree). */
export function discrepancy(f: HourFigures): number {
  return f.measured - (f.unbilled + f.pending + f.accepted + f.rejected + f.expired);
}

export function addFigures(a: HourFigures, b: HourFigures): HourFigures {
  return Object.fromEntries(FIGURES.map((k) => [k, a[k] + b[k]])) as unknown as HourFigures;
}

export interface ReconciledHour extends HourFigures {
  hour: string;
  /** measured minus what the records and unbilled events account for; 0 when the hour agrees */
  difference: number;
}

export interface Reconciliation {
  hours: ReconciledHour[];
  totals: HourFigures & { difference: number };
  /** hours that do not agree */
  mismatches: number;
}

/** Totals over the hours, each hour's difference, and how many hours disagree. */
export function reconcile(hours: { hour: string; figures: HourFigures }[]): Reconciliation {
  let totals = ZERO;
  let mismatches = 0;
  const rows = hours.map(({ hour, figures }) => {
    totals = addFigures(totals, figures);
    const difference = discrepancy(figures);
    if (difference !== 0) mismatches++;
    return { hour, ...figures, difference };
  });
  return { hours: rows, totals: { ...totals, difference: discrepancy(totals) }, mismatches };
}
