import { useCallback } from 'react'
import { useSearchParams } from 'react-router'

/** Table state (page, filters) kept in the URL search params. Empty values are removed. */
export function useUrlState<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams()
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1)
  const pageSize = Math.min(100, Math.max(1, Number(params.get('page_size') ?? 20) || 20))
  const update = useCallback(
    (patch: Partial<Record<K | 'page' | 'page_size', string | number>>, resetPage = true) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev)
          if (resetPage && !('page' in patch)) next.delete('page')
          for (const [k, v] of Object.entries(patch)) {
            if (v === '' || v == null || (k === 'page' && Number(v) === 1)) next.delete(k)
            else next.set(k, String(v))
          }
          return next
        },
        { replace: true },
      )
    },
    [setParams],
  )
  return { values, page, pageSize, update }
}
