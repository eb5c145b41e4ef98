import { Textarea } from '@/components/ui/textarea'
import { useT } from '@/lib/i18n'

/** Returns an error message, or null when `text` is empty or a JSON object. */
export function jsonObjectError(text: string): string | null {
  if (!text.trim()) return null
  try {
    const v = JSON.parse(text)
    return v && typeof v === 'object' && !Array.isArray(v) ? null : 'Must be a JSON object'
  } catch (e) {
    return (e as Error).message
  }
}

export function JsonEditor({ value, onChange, id, rows = 5 }: { value: string; onChange: (v: string) => void; id?: string; rows?: number }) {
  const t = useT()
  const err = jsonObjectError(value)
  return (
    <div className="space-y-1">
      <Textarea id={id} rows={rows} spellCheck={false} className="font-mono text-xs" aria-invalid={!!err} value={value} onChange={(e) => onChange(e.target.value)} placeholder='{"temperature": 0.2}' />
      {err && <p className="text-destructive text-xs">{t('Invalid JSON')}: {err}</p>}
    </div>
  )
}
