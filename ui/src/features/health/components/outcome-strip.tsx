import { cn } from '@/lib/utils'

/** The last outcomes as coloured squares, oldest first. */
export function OutcomeStrip({ recent }: { recent: string[] }) {
  if (!recent.length) return <span className="text-muted-foreground text-xs">—</span>
  return (
    <div className="flex flex-wrap gap-0.5" aria-label={recent.join(', ')}>
      {recent.slice(-50).map((o, i) => (
        <span key={i} title={o} className={cn('size-2.5 rounded-[2px]', o === 'success' ? 'bg-success' : o === 'error' ? 'bg-destructive' : 'bg-warning')} />
      ))}
    </div>
  )
}
