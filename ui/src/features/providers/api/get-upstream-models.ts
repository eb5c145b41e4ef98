import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Items } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type UpstreamModel = { id: string; owned_by?: string }

export const getUpstreamModels = (id: number) => api<Items<UpstreamModel>>(`/api/providers/${id}/upstream-models`)
export const upstreamModelsQueryOptions = (id: number) =>
  queryOptions({ queryKey: queryKeys.providers.upstreamModels(id), queryFn: () => getUpstreamModels(id), staleTime: 60_000 })
export const useUpstreamModels = (id: number, enabled = true) => useQuery({ ...upstreamModelsQueryOptions(id), enabled })
