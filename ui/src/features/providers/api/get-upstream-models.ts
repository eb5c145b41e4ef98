import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Items } from '@/lib/api-client'

export type UpstreamModel = { id: string; owned_by?: string }

export const getUpstreamModels = (id: number) => api<Items<UpstreamModel>>(`/api/providers/${id}/upstream-models`)
export const upstreamModelsQueryOptions = (id: number) =>
  queryOptions({ queryKey: ['providers', id, 'upstream-models'], queryFn: () => getUpstreamModels(id), staleTime: 60_000 })
export const useUpstreamModels = (id: number, enabled = true) => useQuery({ ...upstreamModelsQueryOptions(id), enabled })
