import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AuthKey, AuthKeyInput } from '../types'
import { queryKeys } from '@/lib/query-keys'

/** POST answers the full secret in `key`, once; PUT answers it masked. */
export const saveKey = ({ id, ...body }: AuthKeyInput & { id?: number }) =>
  id == null ? api<AuthKey>('/api/auth-keys', { method: 'POST', body }) : api<AuthKey>(`/api/auth-keys/${id}`, { method: 'PUT', body })

export const useSaveKey = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: saveKey, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.authKeys.all }) })
}
