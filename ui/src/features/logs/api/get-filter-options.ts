import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Page } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

type Opt = { id: number; name: string }

/** Provider and key names for the filter selects (first 100 of each). */
export const getFilterOptions = async () => {
  const [providers, keys] = await Promise.all([
    api<Page<Opt>>('/api/providers', { query: { page_size: 100 } }),
    api<Page<Opt>>('/api/auth-keys', { query: { page_size: 100 } }),
  ])
  return { providers: providers.items, keys: keys.items }
}
export const filterOptionsQueryOptions = () => queryOptions({ queryKey: queryKeys.logs.filterOptions(), queryFn: getFilterOptions, staleTime: 60_000 })
export const useFilterOptions = () => useQuery(filterOptionsQueryOptions())
