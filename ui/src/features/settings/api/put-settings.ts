import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

/** PUT /api/settings/{key} once per changed key. */
export const putSettings = async (changes: Record<string, string>) => {
  for (const [key, value] of Object.entries(changes)) {
    await api(`/api/settings/${encodeURIComponent(key)}`, { method: 'PUT', body: { value } })
  }
}

export const usePutSettings = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: putSettings, onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.settings.all }) })
}
