import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export const deleteAssociation = (id: number) => api<void>(`/api/model-providers/${id}`, { method: 'DELETE' })

export const useDeleteAssociation = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: deleteAssociation, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all }) })
}
