import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export const deleteKey = (id: number) => api<void>(`/api/auth-keys/${id}`, { method: 'DELETE' })

export const useDeleteKey = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: deleteKey, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.authKeys.all }) })
}
