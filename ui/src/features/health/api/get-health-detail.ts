import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type Outcome = 'success' | 'error' | string
type Graded = { status: string; success_rate: number | null; mean_latency_ms: number | null; requests: number; last_error: string | null; recent: Outcome[] }
export type HealthDetail = {
  status: 'healthy' | 'degraded' | 'unhealthy'
  database: { status: string; detail?: string }
  redis: { status: string; detail?: string }
  providers: (Graded & { id: number; name: string })[]
  associations: (Graded & { id: number; model: string; provider: string; breaker: 'closed' | 'open' | 'half_open' })[]
}
export type HealthWindow = '15m' | '1h' | '24h'

export const getHealthDetail = (window: HealthWindow) => api<HealthDetail>('/api/health/detail', { query: { window } })
export const healthDetailQueryOptions = (window: HealthWindow) =>
  queryOptions({ queryKey: queryKeys.health(window), queryFn: () => getHealthDetail(window), refetchInterval: 10_000, placeholderData: keepPreviousData })
export const useHealthDetail = (window: HealthWindow) => useQuery(healthDetailQueryOptions(window))
