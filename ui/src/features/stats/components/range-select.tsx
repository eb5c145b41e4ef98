import { Tabs, TabsList, TabsTrigger } from '@/components/ui/tabs'
import type { Range } from '../types'

export function RangeSelect({ value, onChange }: { value: Range; onChange: (r: Range) => void }) {
  return (
    <Tabs value={value} onValueChange={(v) => onChange(v as Range)}>
      <TabsList>
        {(['24h', '7d', '30d'] as const).map((r) => <TabsTrigger key={r} value={r}>{r}</TabsTrigger>)}
      </TabsList>
    </Tabs>
  )
}
