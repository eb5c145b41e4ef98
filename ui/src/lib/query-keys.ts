/**
 * Every TanStack Query key, in one place. Keys are prefixes of each other on purpose: a mutation
 * invalidates a family (e.g. `queryKeys.models.all`) and every query under it refetches. Two
 * queries with different fetchers or options must never share a key (the cache would hand one's
 * data and settings to the other).
 */
export const queryKeys = {
  version: () => ['version'] as const,
  providerTypes: () => ['provider-types'] as const,
  limits: { all: ['limits'] as const },
  keySummary: () => ['key-summary'] as const,
  settings: { all: ['settings'] as const },
  health: (window: string) => ['health', window] as const,
  metrics: {
    series: (range: string) => ['metrics', 'series', range] as const,
    summary: () => ['metrics', 'summary'] as const,
    keys: () => ['metrics', 'keys'] as const,
    models: () => ['metrics', 'models'] as const,
  },
  providers: {
    all: ['providers'] as const,
    list: (q: object) => ['providers', q] as const,
    options: () => ['providers', 'options'] as const,
    /** the provider's model list as the providers page shows it (errors reported) */
    upstreamModels: (id: number) => ['providers', id, 'upstream-models'] as const,
    /** the same list as suggestions in the association form (silent, no retry) */
    upstreamModelSuggestions: (id: number) => ['providers', id, 'upstream-models', 'suggestions'] as const,
  },
  models: {
    all: ['models'] as const,
    list: (q: object) => ['models', q] as const,
    detail: (id: number) => ['models', 'detail', id] as const,
    associations: (modelId: number) => ['models', modelId, 'associations'] as const,
    names: () => ['models', 'names'] as const,
    served: () => ['models', 'served'] as const,
  },
  authKeys: {
    all: ['auth-keys'] as const,
    list: (q: object) => ['auth-keys', q] as const,
  },
  logs: {
    all: ['logs'] as const,
    list: (q: object) => ['logs', q] as const,
    body: (id: number) => ['logs', id, 'body'] as const,
    filterOptions: () => ['logs', 'filter-options'] as const,
  },
}
