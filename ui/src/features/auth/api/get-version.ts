import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type Version = { version: string; database: string; redis: boolean; auth: boolean }

export const getVersion = () => api<Version>('/api/version', { silent: true })
export const versionQueryOptions = () => queryOptions({ queryKey: queryKeys.version(), queryFn: getVersion, staleTime: 60_000 })
export const useVersion = () => useQuery(versionQueryOptions())
