import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Association, AssociationInput } from '../types'
import { queryKeys } from '@/lib/query-keys'

export const saveAssociation = ({ id, ...body }: AssociationInput & { id?: number }) =>
  id == null ? api<Association>('/api/model-providers', { method: 'POST', body }) : api<Association>(`/api/model-providers/${id}`, { method: 'PUT', body })

export const useSaveAssociation = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: saveAssociation, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all }) })
}
