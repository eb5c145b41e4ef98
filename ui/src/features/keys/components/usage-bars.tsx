import { Progress } from '@/components/ui/progress'
import { fmtCost, fmtInt } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { LIMITS, type AuthKey, type KeyLimits } from '../types'

/** One bar per budget or limit the key has: its usage against it. Nothing when it has none. */
export function UsageBars({ authKey }: { authKey: Pick<AuthKey, 'name' | 'usage'> & KeyLimits }) {
  const t = useT()
  const set = LIMITS.filter((l) => authKey[l.field] > 0)
  if (set.length === 0) return <span className="text-muted-foreground">{t('none')}</span>
  return (
    <div className="flex min-w-48 flex-col gap-1.5" data-testid={`usage-${authKey.name}`}>
      {set.map((l) => {
        const limit = authKey[l.field]
        const used = authKey.usage?.[l.usage] ?? 0
        const pct = (used / limit) * 100
        const fmt = l.money ? fmtCost : fmtInt
        return (
          <div key={l.field} className="space-y-0.5">
            <div className="flex justify-between gap-2 text-xs">
              <span className="text-muted-foreground">{t(l.label)}</span>
              <span className={pct >= 100 ? 'text-destructive font-medium' : ''}>{fmt(used)} / {fmt(limit)}</span>
            </div>
            <Progress value={Math.min(100, pct)} aria-label={`${t(l.label)}: ${fmt(used)} / ${fmt(limit)}`} className={pct >= 100 ? '[&>div]:bg-destructive' : ''} />
          </div>
        )
      })}
    </div>
  )
}
