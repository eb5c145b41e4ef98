import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Page } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type ProviderOption = { id: number; name: string; type: string; enabled: boolean }

export const getProviderOptions = () => api<Page<ProviderOption>>('/api/providers', { query: { page_size: 100 } })
export const providerOptionsQueryOptions = () => queryOptions({ queryKey: queryKeys.providers.options(), queryFn: getProviderOptions })
export const useProviderOptions = () => useQuery(providerOptionsQueryOptions())
