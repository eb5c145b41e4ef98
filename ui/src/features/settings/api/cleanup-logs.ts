import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type CleanupBody = { older_than_days: number } | { keep_rows: number }

export const cleanupLogs = (body: CleanupBody) => api<{ deleted: number }>('/api/logs/cleanup', { method: 'POST', body })

export const useCleanupLogs = () => {
  const qc = useQueryClient()
  return useMutation({ mutationFn: cleanupLogs, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.logs.all }) })
}
