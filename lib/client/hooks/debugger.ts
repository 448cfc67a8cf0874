'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { LifecycleStepView, RunOutcome } from '../../debugger/runner';
import type { Exchange } from '../../debugger/send';
import type { RunTrigger } from '../../debugger/catalog';
import type { CaseRow, ResultRow, RunRow } from '../../debugger/queries';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import { api, apiLines, ApiError, withQuery } from '../api';

/** How many runs the history shows (the newest). */
export const HISTORY_LIMIT = 30;

const casePath = (id: string) => `/api/console/debugger/cases/${encodeURIComponent(id)}`;

/** Where a call goes: this app's production URL (no url) or another, signed with the typed key or this app's. */
export interface DebugTargetInput {
  url?: string;
  key?: string;
}

/** The saved test cases with their last result and trend. */
export function useDebuggerCases(initial?: CaseRow[]) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.debugger.cases(),
    queryFn: ({ signal }) => api<{ cases: CaseRow[] }>('/api/console/debugger/cases', { locale, signal }).then((r) => r.cases),
    initialData: initial,
  });
}

/** The history of runs, newest first; with `trigger`, only the runs it started (`scheduled`: the self-checks). `initial` is the unfiltered first page. */
export function useDebuggerRuns(initial?: RunRow[], trigger?: RunTrigger) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.debugger.runs(trigger),
    queryFn: ({ signal }) =>
      api<{ runs: RunRow[] }>(withQuery('/api/console/debugger/runs', { limit: String(HISTORY_LIMIT), trigger }), { locale, signal }).then((r) => r.runs),
    initialData: trigger ? undefined : initial,
  });
}

/** One run's results with their checks; nothing is fetched until a run is chosen. */
export function useDebuggerRun(id: string | undefined) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.debugger.run(id ?? ''),
    queryFn: ({ signal }) => api<{ results: ResultRow[] }>(`/api/console/debugger/runs/${encodeURIComponent(id!)}`, { locale, signal }).then((r) => r.results),
    enabled: !!id,
  });
}

/** After anything that runs or changes cases: the cases (last result, trend) and the history refresh. */
function useRefreshDebugger() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: queryKeys.debugger.all });
}

/** Send one signed test call from the form; a refused field comes back in the ApiError's `fields`. */
export function useSendCall() {
  const locale = useLocale();
  const refresh = useRefreshDebugger();
  return useMutation({
    mutationFn: (body: { activity: string; params: Record<string, string> } & DebugTargetInput) =>
      api<{ runId: string; exchange: Exchange }>('/api/console/debugger/send', { json: body, locale }),
    onSuccess: refresh,
  });
}

export interface CaseInput extends DebugTargetInput {
  name: string;
  activity: string;
  params: Record<string, string>;
}

/** Save a new case, or update the case `id` (`key` absent keeps its stored key, "" forgets it). */
export function useSaveCase() {
  const locale = useLocale();
  const refresh = useRefreshDebugger();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CaseInput }) =>
      id ? api<{ id: string }>(casePath(id), { method: 'PUT', json: body, locale }) : api<{ id: string }>('/api/console/debugger/cases', { json: body, locale }),
    onSuccess: refresh,
  });
}

export function useDeleteCase() {
  const locale = useLocale();
  const refresh = useRefreshDebugger();
  return useMutation({
    mutationFn: (c: Pick<CaseRow, 'id' | 'name'>) => api(casePath(c.id), { method: 'DELETE', locale }).then(() => c),
    onSuccess: refresh,
  });
}

/** Run one saved case now. */
export function useRunCase() {
  const locale = useLocale();
  const refresh = useRefreshDebugger();
  return useMutation({
    mutationFn: (id: string) => api<RunOutcome>(`${casePath(id)}/run`, { method: 'POST', locale }),
    onSuccess: refresh,
  });
}

/** Run every saved case, one after the other. */
export function useRunAll() {
  const locale = useLocale();
  const refresh = useRefreshDebugger();
  return useMutation({
    mutationFn: () => api<RunOutcome>('/api/console/debugger/runs', { method: 'POST', locale }),
    onSuccess: refresh,
  });
}

export interface LifecycleState {
  running: boolean;
  steps: LifecycleStepView[];
  /** set once the run has ended */
  pass?: boolean;
  error?: ApiError | string;
}

type LifecycleLine = { step?: LifecycleStepView; done?: { ok?: boolean; pass?: boolean; error?: string } };

/** A whole lifecycle against the target: each step shows as it ends (the API streams them). */
export function useLifecycleRun() {
  const locale = useLocale();
  const refresh = useRefreshDebugger();
  const [state, setState] = useState<LifecycleState>({ running: false, steps: [] });
  const run = useMutation({
    mutationFn: (target: DebugTargetInput & { generation?: 'v2' | 'v1' }) => {
      setState({ running: true, steps: [] });
      return apiLines<LifecycleLine>('/api/console/debugger/lifecycle', { json: target, locale }, (line) => {
        const { step, done } = line;
        if (step) setState((s) => ({ ...s, steps: [...s.steps, step] }));
        if (done) setState((s) => ({ ...s, running: false, pass: !!done.pass, error: done.error }));
      });
    },
    onSuccess: () => setState((s) => ({ ...s, running: false })),
    onError: (error) => setState((s) => ({ ...s, running: false, error: error instanceof ApiError ? error : error.message })),
    onSettled: refresh,
  });
  return { ...state, start: run.mutate };
}
