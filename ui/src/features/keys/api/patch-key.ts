import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AuthKey, AuthKeyInput } from '../types'
import { queryKeys } from '@/lib/query-keys'

export const patchKey = ({ id, ...body }: Partial<AuthKeyInput> & { id: number }) => api<AuthKey>(`/api/auth-keys/${id}`, { method: 'PATCH', body })

export const usePatchKey = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: patchKey, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.authKeys.all }) })
}
