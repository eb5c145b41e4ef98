import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'

export const deleteProvider = ({ id, cascade }: { id: number; cascade?: boolean }) =>
  api<void>(`/api/providers/${id}`, { method: 'DELETE', query: { cascade: cascade ? 'true' : undefined }, silent: !cascade })

export const useDeleteProvider = () => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: deleteProvider,
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['providers'] })
      qc.invalidateQueries({ queryKey: ['models'] })
    },
  })
}
