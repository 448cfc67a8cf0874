import { filtersToSearch, type InstanceFilters } from './instances/filters';

/** react-query keys, from one factory (house style 9): invalidating a prefix refreshes everything under it. */
export const queryKeys = {
  instances: {
    all: ['instances'] as const,
    list: (f: InstanceFilters) => ['instances', 'list', filtersToSearch(f)] as const,
    detail: (id: string) => ['instances', 'detail', id] as const,
  },
  users: {
    all: ['users'] as const,
    list: () => ['users', 'list'] as const,
  },
  alerts: {
    all: ['alerts'] as const,
    list: (state: 'open' | 'all') => ['alerts', 'list', state] as const,
    settings: () => ['alerts', 'settings'] as const,
  },
  apiKeys: {
    all: ['apiKeys'] as const,
    list: () => ['apiKeys', 'list'] as const,
  },
  kit: {
    all: ['kit'] as const,
    publicKey: () => ['kit', 'publicKey'] as const,
  },
  tenants: {
    all: ['tenants'] as const,
    list: (instanceId: string, customer: string) => ['tenants', 'list', instanceId, customer] as const,
    detail: (instanceId: string, tenantId: string, search: string) => ['tenants', 'detail', instanceId, tenantId, search] as const,
  },
  licences: {
    all: ['licences'] as const,
    list: (status: string, page: number, generation = '') => ['licences', 'list', status, page, generation] as const,
    products: () => ['licences', 'products'] as const,
    detail: (id: string) => ['licences', 'detail', id] as const,
  },
  debugger: {
    all: ['debugger'] as const,
    cases: () => ['debugger', 'cases'] as const,
    /** the history, all runs or those one trigger started */
    runs: (trigger?: string) => ['debugger', 'runs', trigger ?? null] as const,
    run: (id: string) => ['debugger', 'run', id] as const,
  },
  usage: {
    all: ['usage'] as const,
    hours: (search: string) => ['usage', 'hours', search] as const,
    balances: (instanceId?: string) => ['usage', 'balances', instanceId ?? null] as const,
    packages: () => ['usage', 'packages'] as const,
    /** rejected and expired records: the attention queue's usage section */
    failures: (instanceId?: string) => ['usage', 'failures', instanceId ?? null] as const,
  },
  selfCheck: {
    all: ['selfCheck'] as const,
    summary: () => ['selfCheck', 'summary'] as const,
  },
  jobs: {
    all: ['jobs'] as const,
    failing: (instanceId?: string) => ['jobs', 'failing', instanceId ?? null] as const,
  },
  calls: {
    all: ['calls'] as const,
    list: (filters: Record<string, string>) => ['calls', 'list', filters] as const,
    /** the older pages of a list, continuing from `from` (the cursor where its first page ended) */
    older: (filters: Record<string, string>, from: string) => ['calls', 'older', filters, from] as const,
    failures: () => ['calls', 'failures'] as const,
    detail: (id: string) => ['calls', 'detail', id] as const,
  },
};
