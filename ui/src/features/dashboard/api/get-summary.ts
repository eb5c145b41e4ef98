import { queryOptions, useQuery } from '@tanstack/react-query'
import type { Totals } from '@/components/stats/types'
import { api } from '@/lib/api-client'

export type Summary = { total: Totals; today: Totals }

export const getSummary = () => api<Summary>('/api/metrics/summary')
export const summaryQueryOptions = () => queryOptions({ queryKey: ['metrics', 'summary'], queryFn: getSummary, refetchInterval: 30_000 })
export const useSummary = () => useQuery(summaryQueryOptions())
