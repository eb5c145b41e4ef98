import { queryOptions, useQuery } from '@tanstack/react-query'
import type { ModelStat } from '@/features/stats/types'
import { api, type Items } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export const getTopModels = () => api<Items<ModelStat>>('/api/metrics/models')
export const topModelsQueryOptions = () => queryOptions({ queryKey: queryKeys.metrics.models(), queryFn: getTopModels })
export const useTopModels = () => useQuery(topModelsQueryOptions())
