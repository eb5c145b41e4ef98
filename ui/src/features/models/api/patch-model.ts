import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Model, ModelInput } from '../types'
import { queryKeys } from '@/lib/query-keys'

export const patchModel = ({ id, ...body }: Partial<ModelInput> & { id: number }) => api<Model>(`/api/models/${id}`, { method: 'PATCH', body })

export const usePatchModel = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: patchModel, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all }) })
}
