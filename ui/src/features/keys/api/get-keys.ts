import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Page } from '@/lib/api-client'
import type { AuthKey } from '../types'
import { queryKeys } from '@/lib/query-keys'

export type KeysQuery = { page?: number; page_size?: number }

export const getKeys = (q: KeysQuery) => api<Page<AuthKey>>('/api/auth-keys', { query: q })
export const keysQueryOptions = (q: KeysQuery) => queryOptions({ queryKey: queryKeys.authKeys.list(q), queryFn: () => getKeys(q), placeholderData: keepPreviousData })
export const useKeys = (q: KeysQuery) => useQuery(keysQueryOptions(q))
