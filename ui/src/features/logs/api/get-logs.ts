import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Page } from '@/lib/api-client'
import type { LogRow } from '../types'
import { queryKeys } from '@/lib/query-keys'

export type LogsQuery = Partial<Record<'model' | 'provider_id' | 'status' | 'style' | 'auth_key_id' | 'trace_id' | 'from' | 'to', string>> & { page?: number; page_size?: number }

export const getLogs = (q: LogsQuery) => api<Page<LogRow>>('/api/logs', { query: q })
export const logsQueryOptions = (q: LogsQuery) => queryOptions({ queryKey: queryKeys.logs.list(q), queryFn: () => getLogs(q), placeholderData: keepPreviousData })
export const useLogs = (q: LogsQuery, enabled = true) => useQuery({ ...logsQueryOptions(q), enabled })
