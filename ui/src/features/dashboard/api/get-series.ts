import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import type { Range, Series } from '@/features/stats/types'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export const getSeries = (range: Range) => api<Series>('/api/metrics/series', { query: { range } })
export const seriesQueryOptions = (range: Range) => queryOptions({ queryKey: queryKeys.metrics.series(range), queryFn: () => getSeries(range), placeholderData: keepPreviousData })
export const useSeries = (range: Range) => useQuery(seriesQueryOptions(range))
