import * as React from 'react'
import { Checkbox } from '@/components/ui/checkbox'
import { Input } from '@/components/ui/input'
import { Badge } from '@/components/ui/badge'
import { useT } from '@/lib/i18n'

/** Checkbox list with a filter box; shows the selected items as badges. */
export function MultiSelect({ options, value, onChange }: { options: string[]; value: string[]; onChange: (v: string[]) => void }) {
  const t = useT()
  const [q, setQ] = React.useState('')
  const all = Array.from(new Set([...options, ...value]))
  const shown = all.filter((o) => o.toLowerCase().includes(q.toLowerCase())).slice(0, 200)
  const toggle = (o: string, on: boolean) => onChange(on ? [...value, o] : value.filter((v) => v !== o))
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-1">
        {value.length === 0 && <span className="text-muted-foreground text-xs">{t('None selected')}</span>}
        {value.map((v) => (
          <Badge key={v} variant="secondary">{v}</Badge>
        ))}
      </div>
      <Input placeholder={t('Filter models…')} value={q} onChange={(e) => setQ(e.target.value)} />
      <div className="max-h-40 space-y-1 overflow-y-auto rounded-md border p-2">
        {shown.map((o) => (
          <label key={o} className="flex items-center gap-2 text-sm">
            <Checkbox checked={value.includes(o)} onCheckedChange={(c) => toggle(o, c === true)} aria-label={o} />
            {o}
          </label>
        ))}
        {shown.length === 0 && <span className="text-muted-foreground text-xs">{t('No results.')}</span>}
      </div>
    </div>
  )
}
