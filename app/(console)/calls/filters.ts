import { ACTIVITY_NAMES } from '@/lib/marketplace/names';
import { ResultCode } from '@/lib/marketplace/resultCodes';

/** The call log's filters, as the URL's search params name them (lib/calls/queries.ts callFiltersSchema). */
export const FILTER_KEYS = ['direction', 'activity', 'resultCode', 'outcome', 'from', 'to', 'id', 'testFlag', 'jobId', 'reinvokedFrom'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Filters the form has no control for: a link sets them (a job's calls, a call's re-invocations), the form keeps them. */
export const LINKED_FILTERS = ['jobId', 'reinvokedFrom'] as const satisfies readonly FilterKey[];

// the marketplace's calls, and the Query Order calls this app makes
export const ACTIVITIES: readonly string[] = [...ACTIVITY_NAMES, 'queryOrder'];
// the production interfaces' result codes (spec §6); outbound calls record an HTTP status or the API's own code
export const RESULT_CODES: readonly string[] = Object.values(ResultCode);

/** The filters set in the URL's search params, empty ones left out. */
export function filtersOf(search: { get(name: string): string | null }): Record<string, string> {
  const f: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = search.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** The choices of a picker, with a value from a shared link that is not among them kept selectable. */
export function choices(values: readonly string[], current: string | undefined): string[] {
  return current && !values.includes(current) ? [...values, current] : [...values];
}
