import { Plus, Trash2 } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { useT } from '@/lib/i18n'

export type KV = { key: string; value: string }[]
export const toPairs = (o: Record<string, string> | null | undefined): KV => Object.entries(o ?? {}).map(([key, value]) => ({ key, value }))
export const fromPairs = (kv: KV): Record<string, string> => Object.fromEntries(kv.filter((p) => p.key.trim()).map((p) => [p.key.trim(), p.value]))

/** Editor for a string → string map such as custom headers. */
export function KeyValueEditor({ value, onChange, keyPlaceholder = 'Header', valuePlaceholder = 'Value' }: {
  value: KV
  onChange: (v: KV) => void
  keyPlaceholder?: string
  valuePlaceholder?: string
}) {
  const t = useT()
  const set = (i: number, patch: Partial<KV[number]>) => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)))
  return (
    <div className="space-y-2">
      {value.map((p, i) => (
        <div key={i} className="flex gap-2">
          <Input aria-label={t('Key')} placeholder={keyPlaceholder} value={p.key} onChange={(e) => set(i, { key: e.target.value })} />
          <Input aria-label={t('Value')} placeholder={valuePlaceholder} value={p.value} onChange={(e) => set(i, { value: e.target.value })} />
          <Button type="button" variant="ghost" size="icon" aria-label={t('Remove')} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            <Trash2 />
          </Button>
        </div>
      ))}
      <Button type="button" variant="outline" size="sm" onClick={() => onChange([...value, { key: '', value: '' }])}>
        <Plus /> {t('Add')}
      </Button>
    </div>
  )
}
