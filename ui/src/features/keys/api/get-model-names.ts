import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Page } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export const getModelNames = async () => (await api<Page<{ name: string }>>('/api/models', { query: { page_size: 100 } })).items.map((m) => m.name)
export const modelNamesQueryOptions = () => queryOptions({ queryKey: queryKeys.models.names(), queryFn: getModelNames })
export const useModelNames = () => useQuery(modelNamesQueryOptions())
