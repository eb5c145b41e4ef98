import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Limits } from '../types'
import { queryKeys } from '@/lib/query-keys'

export const getLimits = () => api<Limits>('/api/limits')
export const limitsQueryOptions = () => queryOptions({ queryKey: queryKeys.limits.all, queryFn: getLimits, refetchInterval: 10_000 })
export const useLimits = () => useQuery(limitsQueryOptions())
