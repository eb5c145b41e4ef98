import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export const deleteModel = ({ id, cascade }: { id: number; cascade?: boolean }) =>
  api<void>(`/api/models/${id}`, { method: 'DELETE', query: { cascade: cascade ? 'true' : undefined }, silent: !cascade })

export const useDeleteModel = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: deleteModel, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all }) })
}
