import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { LogBody } from '../types'
import { queryKeys } from '@/lib/query-keys'

export const getLogBody = (id: number) => api<LogBody>(`/api/logs/${id}/body`, { silent: true })
export const logBodyQueryOptions = (id: number) => queryOptions({ queryKey: queryKeys.logs.body(id), queryFn: () => getLogBody(id), retry: false })
export const useLogBody = (id: number, enabled: boolean) => useQuery({ ...logBodyQueryOptions(id), enabled })
