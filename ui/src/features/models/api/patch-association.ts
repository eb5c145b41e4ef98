import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Association, AssociationInput } from '../types'
import { queryKeys } from '@/lib/query-keys'

export const patchAssociation = ({ id, ...body }: Partial<AssociationInput> & { id: number }) =>
  api<Association>(`/api/model-providers/${id}`, { method: 'PATCH', body })

export const usePatchAssociation = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: patchAssociation, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all }) })
}
