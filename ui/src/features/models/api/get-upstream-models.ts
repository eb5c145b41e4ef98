import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Items } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export const getUpstreamModels = (providerId: number) =>
  api<Items<{ id: string; owned_by?: string }>>(`/api/providers/${providerId}/upstream-models`, { silent: true })
export const upstreamModelsQueryOptions = (providerId: number) =>
  queryOptions({ queryKey: queryKeys.providers.upstreamModelSuggestions(providerId), queryFn: () => getUpstreamModels(providerId), staleTime: 60_000, retry: false })
/** Silent: a provider that cannot list its models still accepts a typed name. */
export const useUpstreamModels = (providerId: number | undefined) => useQuery({ ...upstreamModelsQueryOptions(providerId ?? 0), enabled: !!providerId })
