import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { fmtCompact, fmtCost, fmtInt, fmtPct } from '@/lib/format'
import { useT } from '@/lib/i18n'
import type { Totals } from '../types'

/** Four cards: requests, success rate, tokens, cost — each with today's value beside the total. */
export function StatCards({ total, today }: { total?: Totals; today?: Totals }) {
  const t = useT()
  const cards = [
    { id: 'requests', title: t('Requests'), value: fmtInt(total?.requests), sub: fmtInt(today?.requests) },
    { id: 'success', title: t('Success rate'), value: fmtPct(total?.success_rate), sub: fmtPct(today?.success_rate) },
    { id: 'tokens', title: t('Tokens'), value: fmtCompact(total?.total_tokens), sub: fmtCompact(today?.total_tokens), title2: total ? `${fmtInt(total.prompt_tokens)} ↑ · ${fmtInt(total.completion_tokens)} ↓` : '' },
    { id: 'cost', title: t('Cost'), value: fmtCost(total?.cost), sub: fmtCost(today?.cost) },
  ]
  return (
    <div className="grid gap-4 *:min-w-0 sm:grid-cols-2 xl:grid-cols-4">
      {cards.map((c) => (
        <Card key={c.id} className="gap-2" data-testid={`stat-${c.id}`}>
          <CardHeader>
            <CardDescription>{c.title}</CardDescription>
            <CardTitle className="text-3xl tabular-nums" title={c.title2} data-testid={`stat-${c.id}-total`}>{c.value}</CardTitle>
          </CardHeader>
          <CardContent className="text-muted-foreground text-sm">
            {t('Today')}: <span className="text-foreground font-medium tabular-nums" data-testid={`stat-${c.id}-today`}>{c.sub}</span>
          </CardContent>
        </Card>
      ))}
    </div>
  )
}
