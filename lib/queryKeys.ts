/** react-query keys, from one factory (house style 9). */
export const queryKeys = {
  calls: {
    all: ['calls'] as const,
    list: (filters: Record<string, string>) => ['calls', 'list', filters] as const,
    failures: () => ['calls', 'failures'] as const,
  },
};
