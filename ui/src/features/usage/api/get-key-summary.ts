import { queryOptions, useQuery } from '@tanstack/react-query'
import type { KeyLimits, KeyUsage } from '@/features/keys/types'
import type { ModelStat, Series, Totals } from '@/features/stats/types'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type KeySummary = {
  key: { id: number; name: string; key: string; models: string[]; allow_all: boolean; expires_at: string | null }
  /** budgets and limits (0 = none) and the usage the gateway checks against them */
  limits: KeyLimits
  usage: KeyUsage
  total: Totals
  today: Totals
  series: Series
  models: ModelStat[]
}

export const getKeySummary = () => api<KeySummary>('/api/key/summary')
export const keySummaryQueryOptions = () => queryOptions({ queryKey: queryKeys.keySummary(), queryFn: getKeySummary, refetchInterval: 30_000 })
export const useKeySummary = () => useQuery(keySummaryQueryOptions())
