import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Page } from '@/lib/api-client'
import type { Provider } from '../types'
import { queryKeys } from '@/lib/query-keys'

export type ProvidersQuery = { search?: string; type?: string; page?: number; page_size?: number }

export const getProviders = (q: ProvidersQuery) => api<Page<Provider>>('/api/providers', { query: q })
export const providersQueryOptions = (q: ProvidersQuery) =>
  queryOptions({ queryKey: queryKeys.providers.list(q), queryFn: () => getProviders(q), placeholderData: keepPreviousData })
export const useProviders = (q: ProvidersQuery) => useQuery(providersQueryOptions(q))
