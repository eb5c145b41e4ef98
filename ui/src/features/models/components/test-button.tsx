import { Loader2, Play } from 'lucide-react'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover'
import { fmtMs } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { useTestAssociation } from '../api/test-association'

/** One real small call through the association; shows status, latency and the reply. */
export function TestButton({ id }: { id: number }) {
  const t = useT()
  const test = useTestAssociation()
  const r = test.data
  return (
    <div className="flex items-center gap-2">
      <Button variant="outline" size="sm" disabled={test.isPending} onClick={() => test.mutate(id)}>
        {test.isPending ? <Loader2 className="animate-spin" /> : <Play />} {t('Test')}
      </Button>
      {r && (
        <Popover>
          <PopoverTrigger asChild>
            <button type="button" data-testid={`test-result-${id}`} data-ok={r.ok}>
              <Badge variant={r.ok ? 'success' : 'destructive'}>
                {r.ok ? t('OK') : t('Failed')} · {r.status ?? '—'} · {fmtMs(r.latency_ms)}
              </Badge>
            </button>
          </PopoverTrigger>
          <PopoverContent className="w-80 text-sm">
            <p className="mb-1 font-medium">{r.ok ? t('Reply') : t('Error')}</p>
            <p className="text-muted-foreground font-mono text-xs break-words whitespace-pre-wrap">{r.ok ? r.reply : r.error}</p>
          </PopoverContent>
        </Popover>
      )}
      {r && <span className="text-muted-foreground max-w-56 truncate text-xs" title={(r.ok ? r.reply : r.error) ?? ''}>{r.ok ? r.reply : r.error}</span>}
    </div>
  )
}
