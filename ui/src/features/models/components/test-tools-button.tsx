import { Loader2, Wrench } from 'lucide-react'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover'
import { fmtMs } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { useTestAssociationTools } from '../api/test-association-tools'

/** The tool-calling check: a streamed request asking for two tool calls in order; shows the calls the upstream made. */
export function TestToolsButton({ id }: { id: number }) {
  const t = useT()
  const test = useTestAssociationTools()
  const r = test.data
  return (
    <div className="flex items-center gap-2">
      <Button variant="outline" size="sm" disabled={test.isPending} onClick={() => test.mutate(id)}>
        {test.isPending ? <Loader2 className="animate-spin" /> : <Wrench />} {t('Test tools')}
      </Button>
      {r && (
        <Popover>
          <PopoverTrigger asChild>
            <button type="button" data-testid={`test-tools-result-${id}`} data-ok={r.ok}>
              <Badge variant={r.ok ? 'success' : 'destructive'}>
                {r.ok ? t('OK') : t('Failed')} · {r.status ?? '—'} · {fmtMs(r.latency_ms)}
              </Badge>
            </button>
          </PopoverTrigger>
          <PopoverContent className="w-96 text-sm">
            {!r.ok && (
              <>
                <p className="mb-1 font-medium">{t('Error')}</p>
                <p className="text-muted-foreground mb-2 font-mono text-xs break-words whitespace-pre-wrap">{r.error}</p>
              </>
            )}
            <p className="mb-1 font-medium">{t('Tool calls')}</p>
            {r.tool_calls.length === 0 ? (
              <p className="text-muted-foreground text-xs">{t('No tool call')}</p>
            ) : (
              <ol className="list-decimal space-y-1 pl-5 font-mono text-xs" data-testid={`test-tools-calls-${id}`}>
                {r.tool_calls.map((c, i) => (
                  <li key={i} className="break-words">{c.name}({c.arguments})</li>
                ))}
              </ol>
            )}
            {r.reply && (
              <>
                <p className="mt-2 mb-1 font-medium">{t('Reply')}</p>
                <p className="text-muted-foreground font-mono text-xs break-words whitespace-pre-wrap">{r.reply}</p>
              </>
            )}
          </PopoverContent>
        </Popover>
      )}
      {r && !r.ok && <span className="text-muted-foreground max-w-56 truncate text-xs" title={r.error ?? ''}>{r.error}</span>}
    </div>
  )
}
