import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from '@/components/ui/sheet'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { fmtCost, fmtInt, fmtMs, fmtTime } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { cn } from '@/lib/utils'
import { useLogs } from '../api/get-logs'
import { styleLabel, type LogRow } from '../types'
import { BodyView } from './body-view'
import { StatusBadge } from './status-badge'

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted-foreground">{k}</dt>
          <dd className="font-mono text-xs break-all">{v ?? '—'}</dd>
        </div>
      ))}
    </dl>
  )
}

export function LogDetailSheet({ log, onOpenChange, onSelect }: { log: LogRow | null; onOpenChange: (o: boolean) => void; onSelect: (l: LogRow) => void }) {
  const t = useT()
  const attempts = useLogs({ trace_id: log?.trace_id, page_size: 100 }, !!log)
  return (
    <Sheet open={!!log} onOpenChange={onOpenChange}>
      <SheetContent className="overflow-y-auto" data-testid="log-detail">
        {log && (
          <>
            <SheetHeader>
              <SheetTitle className="flex items-center gap-2">
                {log.model} <StatusBadge status={log.status} http={log.http_status} />
              </SheetTitle>
              <SheetDescription className="font-mono text-xs">{t('Trace')} {log.trace_id} · #{log.id}</SheetDescription>
            </SheetHeader>
            <div className="space-y-6 px-4 pb-6">
              {log.error && <p className="text-destructive bg-destructive/10 rounded-md p-2 text-sm">{log.error}</p>}
              <section className="grid gap-6 sm:grid-cols-2">
                <div className="space-y-2">
                  <h3 className="font-medium">{t('Request')}</h3>
                  <Facts rows={[
                    [t('Time'), fmtTime(log.created_at)],
                    [t('Provider'), log.provider_name],
                    [t('Upstream model'), log.provider_model],
                    [t('Style'), `${styleLabel(log)}${log.stream ? ' (stream)' : ''}`],
                    [t('Attempt'), log.attempt + 1],
                    [t('API key'), log.auth_key_id ?? 'admin'],
                    [t('Client IP'), log.client_ip],
                    [t('User agent'), log.user_agent],
                  ]} />
                </div>
                <div className="space-y-2">
                  <h3 className="font-medium">{t('Timings and tokens')}</h3>
                  <Facts rows={[
                    [t('Gateway time'), fmtMs(log.proxy_ms)],
                    [t('First token'), fmtMs(log.first_token_ms)],
                    [t('Total time'), fmtMs(log.total_ms)],
                    [t('Prompt tokens'), fmtInt(log.prompt_tokens)],
                    [t('Completion tokens'), fmtInt(log.completion_tokens)],
                    [t('Total tokens'), fmtInt(log.total_tokens)],
                    [t('Cached tokens'), fmtInt(log.cached_tokens)],
                    [t('Reasoning tokens'), fmtInt(log.reasoning_tokens)],
                    [t('Usage source'), log.usage_source],
                    [t('Tokens/s'), log.tokens_per_second?.toFixed(1)],
                    [t('Response bytes'), fmtInt(log.response_bytes)],
                    [t('Cost'), fmtCost(log.cost)],
                  ]} />
                </div>
              </section>
              <section className="space-y-2">
                <h3 className="font-medium">{t('Attempts in this trace')}</h3>
                <div className="rounded-md border">
                  <Table>
                    <TableHeader>
                      <TableRow>
                        <TableHead>#</TableHead>
                        <TableHead>{t('Provider')}</TableHead>
                        <TableHead>{t('Status')}</TableHead>
                        <TableHead>{t('Total time')}</TableHead>
                        <TableHead>{t('Error')}</TableHead>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {[...(attempts.data?.items ?? [])].sort((a, b) => a.attempt - b.attempt).map((a) => (
                        <TableRow key={a.id} className={cn('cursor-pointer', a.id === log.id && 'bg-muted')} onClick={() => onSelect(a)}>
                          <TableCell>{a.attempt + 1}</TableCell>
                          <TableCell>{a.provider_name}</TableCell>
                          <TableCell><StatusBadge status={a.status} http={a.http_status} /></TableCell>
                          <TableCell>{fmtMs(a.total_ms)}</TableCell>
                          <TableCell className="max-w-48 truncate">{a.error}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </div>
              </section>
              <section className="space-y-2">
                <h3 className="font-medium">{t('Bodies')}</h3>
                <BodyView key={log.id} id={log.id} hasBody={log.has_body} />
              </section>
            </div>
          </>
        )}
      </SheetContent>
    </Sheet>
  )
}
