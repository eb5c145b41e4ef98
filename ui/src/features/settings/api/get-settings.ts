import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'

export type Settings = Record<string, string>

export const getSettings = async () => (await api<{ items: Settings }>('/api/settings')).items
export const settingsQueryOptions = () => queryOptions({ queryKey: ['settings'], queryFn: getSettings })
export const useSettings = () => useQuery(settingsQueryOptions())
