import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Items } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export const getProviderTypes = () => api<Items<string>>('/api/providers/types')
export const providerTypesQueryOptions = () => queryOptions({ queryKey: queryKeys.providerTypes(), queryFn: getProviderTypes, staleTime: Infinity })
export const useProviderTypes = () => useQuery(providerTypesQueryOptions())
