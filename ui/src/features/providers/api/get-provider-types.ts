import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Items } from '@/lib/api-client'

export const getProviderTypes = () => api<Items<string>>('/api/providers/types')
export const providerTypesQueryOptions = () => queryOptions({ queryKey: ['provider-types'], queryFn: getProviderTypes, staleTime: Infinity })
export const useProviderTypes = () => useQuery(providerTypesQueryOptions())
