import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { LogBody } from '../types'

export const getLogBody = (id: number) => api<LogBody>(`/api/logs/${id}/body`, { silent: true })
export const logBodyQueryOptions = (id: number) => queryOptions({ queryKey: ['logs', id, 'body'], queryFn: () => getLogBody(id), retry: false })
export const useLogBody = (id: number, enabled: boolean) => useQuery({ ...logBodyQueryOptions(id), enabled })
