import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export const deleteProvider = ({ id, cascade }: { id: number; cascade?: boolean }) =>
  api<void>(`/api/providers/${id}`, { method: 'DELETE', query: { cascade: cascade ? 'true' : undefined }, silent: !cascade })

export const useDeleteProvider = () => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: deleteProvider,
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: queryKeys.providers.all })
      qc.invalidateQueries({ queryKey: queryKeys.models.all })
    },
  })
}
