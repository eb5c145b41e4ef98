import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Items } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type KeyStat = { auth_key_id: number | null; name: string; requests: number; total_tokens: number; cost: number }

export const getTopKeys = () => api<Items<KeyStat>>('/api/metrics/keys')
export const topKeysQueryOptions = () => queryOptions({ queryKey: queryKeys.metrics.keys(), queryFn: getTopKeys })
export const useTopKeys = () => useQuery(topKeysQueryOptions())
