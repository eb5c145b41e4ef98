import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Limits } from '../types'

export const getLimits = () => api<Limits>('/api/limits')
export const limitsQueryOptions = () => queryOptions({ queryKey: ['limits'], queryFn: getLimits, refetchInterval: 10_000 })
export const useLimits = () => useQuery(limitsQueryOptions())
