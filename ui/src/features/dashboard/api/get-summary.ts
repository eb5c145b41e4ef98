import { queryOptions, useQuery } from '@tanstack/react-query'
import type { Totals } from '@/features/stats/types'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type Summary = { total: Totals; today: Totals }

export const getSummary = () => api<Summary>('/api/metrics/summary')
export const summaryQueryOptions = () => queryOptions({ queryKey: queryKeys.metrics.summary(), queryFn: getSummary, refetchInterval: 30_000 })
export const useSummary = () => useQuery(summaryQueryOptions())
