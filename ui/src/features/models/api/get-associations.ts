import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Items } from '@/lib/api-client'
import type { Association } from '../types'
import { queryKeys } from '@/lib/query-keys'

export const getAssociations = (modelId: number) => api<Items<Association>>(`/api/models/${modelId}/providers`)
export const associationsQueryOptions = (modelId: number) => queryOptions({ queryKey: queryKeys.models.associations(modelId), queryFn: () => getAssociations(modelId) })
export const useAssociations = (modelId: number) => useQuery(associationsQueryOptions(modelId))
