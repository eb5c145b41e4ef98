import { queryOptions, useQuery } from '@tanstack/react-query'
import type { ModelStat } from '@/components/stats/types'
import { api, type Items } from '@/lib/api-client'

export const getTopModels = () => api<Items<ModelStat>>('/api/metrics/models')
export const topModelsQueryOptions = () => queryOptions({ queryKey: ['metrics', 'models'], queryFn: getTopModels })
export const useTopModels = () => useQuery(topModelsQueryOptions())
