import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { fmtCompact, fmtCost, fmtInt, fmtPct } from '@/lib/format'
import { useT } from '@/lib/i18n'
import type { ModelStat } from '../types'

export function ModelsStatTable({ items, limit = 10 }: { items: ModelStat[]; limit?: number }) {
  const t = useT()
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>{t('Model')}</TableHead>
          <TableHead className="text-right">{t('Requests')}</TableHead>
          <TableHead className="text-right">{t('Success rate')}</TableHead>
          <TableHead className="text-right">{t('Tokens')}</TableHead>
          <TableHead className="text-right">{t('Cost')}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.length === 0 && (
          <TableRow><TableCell colSpan={5} className="text-muted-foreground text-center">{t('No data yet.')}</TableCell></TableRow>
        )}
        {items.slice(0, limit).map((m) => (
          <TableRow key={m.model}>
            <TableCell className="font-medium">{m.model}</TableCell>
            <TableCell className="text-right tabular-nums">{fmtInt(m.requests)}</TableCell>
            <TableCell className="text-right tabular-nums">{fmtPct(m.success_rate)}</TableCell>
            <TableCell className="text-right tabular-nums">{fmtCompact(m.total_tokens)}</TableCell>
            <TableCell className="text-right tabular-nums">{fmtCost(m.cost)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
