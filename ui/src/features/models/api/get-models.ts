import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Page } from '@/lib/api-client'
import type { Model } from '../types'
import { queryKeys } from '@/lib/query-keys'

export type ModelsQuery = { search?: string; page?: number; page_size?: number }

export const getModels = (q: ModelsQuery) => api<Page<Model>>('/api/models', { query: q })
export const modelsQueryOptions = (q: ModelsQuery) => queryOptions({ queryKey: queryKeys.models.list(q), queryFn: () => getModels(q), placeholderData: keepPreviousData })
export const useModels = (q: ModelsQuery) => useQuery(modelsQueryOptions(q))
