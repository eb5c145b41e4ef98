import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type Settings = Record<string, string>

export const getSettings = async () => (await api<{ items: Settings }>('/api/settings')).items
export const settingsQueryOptions = () => queryOptions({ queryKey: queryKeys.settings.all, queryFn: getSettings })
export const useSettings = () => useQuery(settingsQueryOptions())
