import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Model, ModelInput } from '../types'
import { queryKeys } from '@/lib/query-keys'

export const saveModel = ({ id, ...body }: ModelInput & { id?: number }) =>
  id == null ? api<Model>('/api/models', { method: 'POST', body }) : api<Model>(`/api/models/${id}`, { method: 'PUT', body })

export const useSaveModel = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: saveModel, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all }) })
}
