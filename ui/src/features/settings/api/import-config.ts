import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type ImportChange = { kind: 'provider' | 'model' | 'association' | string; name: string; action: 'create' | 'update' | 'unchanged' | string }
export type ImportResult = { applied: boolean; changes: ImportChange[] }

export const importConfig = ({ yaml, dryRun }: { yaml: string; dryRun: boolean }) =>
  api<ImportResult>('/api/config/import', { method: 'POST', query: { dry_run: dryRun ? 'true' : 'false' }, body: yaml, headers: { 'Content-Type': 'text/yaml' } })

export const useImportConfig = () => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: importConfig,
    onSuccess: (r) => {
      if (r.applied) [queryKeys.providers.all, queryKeys.models.all].forEach((k) => qc.invalidateQueries({ queryKey: k }))
    },
  })
}
