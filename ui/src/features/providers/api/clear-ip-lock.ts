import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export const clearIpLock = (providerId: number) => api<void>(`/api/providers/${providerId}/ip-lock`, { method: 'DELETE' })

export const useClearIpLock = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: clearIpLock, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.limits.all }) })
}
