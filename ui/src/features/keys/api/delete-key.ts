import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'

export const deleteKey = (id: number) => api<void>(`/api/auth-keys/${id}`, { method: 'DELETE' })

export const useDeleteKey = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: deleteKey, onSuccess: () => qc.invalidateQueries({ queryKey: ['auth-keys'] }) })
}
