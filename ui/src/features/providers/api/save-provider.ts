import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Provider, ProviderInput } from '../types'
import { queryKeys } from '@/lib/query-keys'

/** POST when `id` is absent, PUT otherwise. */
export const saveProvider = ({ id, ...body }: ProviderInput & { id?: number }) =>
  id == null ? api<Provider>('/api/providers', { method: 'POST', body }) : api<Provider>(`/api/providers/${id}`, { method: 'PUT', body })

export const useSaveProvider = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: saveProvider, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.providers.all }) })
}
