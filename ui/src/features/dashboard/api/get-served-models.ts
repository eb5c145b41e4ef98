import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Page } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

type ModelRow = { id: number; name: string; enabled: boolean; association_count: number; strategy: string }

/** Enabled models with at least one association (first 100). */
export const getServedModels = async () =>
  (await api<Page<ModelRow>>('/api/models', { query: { page_size: 100 } })).items.filter((m) => m.enabled && m.association_count > 0)
export const servedModelsQueryOptions = () => queryOptions({ queryKey: queryKeys.models.served(), queryFn: getServedModels })
export const useServedModels = () => useQuery(servedModelsQueryOptions())
