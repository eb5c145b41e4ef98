import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Model } from '../types'

export const getModel = (id: number) => api<Model>(`/api/models/${id}`)
export const modelQueryOptions = (id: number) => queryOptions({ queryKey: ['models', 'detail', id], queryFn: () => getModel(id) })
export const useModel = (id: number) => useQuery(modelQueryOptions(id))
