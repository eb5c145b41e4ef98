import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Model } from '../types'
import { queryKeys } from '@/lib/query-keys'

export const getModel = (id: number) => api<Model>(`/api/models/${id}`)
export const modelQueryOptions = (id: number) => queryOptions({ queryKey: queryKeys.models.detail(id), queryFn: () => getModel(id) })
export const useModel = (id: number) => useQuery(modelQueryOptions(id))
