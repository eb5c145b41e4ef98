import * as React from 'react'
import { PageHeader } from '@/components/page-header'
import { Badge } from '@/components/ui/badge'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { Tabs, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { fmtInt, fmtMs, fmtPct, fmtTime } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { useHealthDetail, type HealthWindow } from '../api/get-health-detail'
import { OutcomeStrip } from './outcome-strip'

function StatusPill({ status }: { status: string }) {
  const t = useT()
  const good = ['healthy', 'up', 'closed', 'ok'].includes(status)
  const bad = ['unhealthy', 'down', 'open'].includes(status)
  return <Badge variant={good ? 'success' : bad ? 'destructive' : status === 'disabled' || status === 'unknown' ? 'outline' : 'warning'}>{t(status)}</Badge>
}

export function HealthPage() {
  const t = useT()
  const [win, setWin] = React.useState<HealthWindow>('1h')
  const h = useHealthDetail(win)
  const d = h.data
  return (
    <>
      <PageHeader
        title={t('Health')}
        description={h.dataUpdatedAt ? t('Refreshes every 10 s · last {time}', { time: fmtTime(new Date(h.dataUpdatedAt).toISOString()) }) : undefined}
        actions={
          <Tabs value={win} onValueChange={(v) => setWin(v as HealthWindow)}>
            <TabsList>{(['15m', '1h', '24h'] as const).map((w) => <TabsTrigger key={w} value={w}>{w}</TabsTrigger>)}</TabsList>
          </Tabs>
        }
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Card className="gap-2">
          <CardHeader><CardDescription>{t('Overall')}</CardDescription><CardTitle data-testid="health-overall">{d ? <StatusPill status={d.status} /> : '…'}</CardTitle></CardHeader>
        </Card>
        <Card className="gap-2">
          <CardHeader><CardDescription>{t('Database')}</CardDescription><CardTitle>{d ? <StatusPill status={d.database.status} /> : '…'}</CardTitle></CardHeader>
          <CardContent className="text-muted-foreground text-xs">{d?.database.detail}</CardContent>
        </Card>
        <Card className="gap-2">
          <CardHeader><CardDescription>Redis</CardDescription><CardTitle>{d ? <StatusPill status={d.redis.status} /> : '…'}</CardTitle></CardHeader>
          <CardContent className="text-muted-foreground text-xs">{d?.redis.detail}</CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader><CardTitle>{t('Providers')}</CardTitle></CardHeader>
        <CardContent>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t('Name')}</TableHead><TableHead>{t('Status')}</TableHead><TableHead className="text-right">{t('Requests')}</TableHead>
                <TableHead className="text-right">{t('Success rate')}</TableHead><TableHead className="text-right">{t('Latency')}</TableHead><TableHead>{t('Recent')}</TableHead><TableHead>{t('Last error')}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {d?.providers.length === 0 && <TableRow><TableCell colSpan={7} className="text-muted-foreground text-center">{t('No data yet.')}</TableCell></TableRow>}
              {d?.providers.map((p) => (
                <TableRow key={p.id}>
                  <TableCell className="font-medium">{p.name}</TableCell>
                  <TableCell><StatusPill status={p.status} /></TableCell>
                  <TableCell className="text-right tabular-nums">{fmtInt(p.requests)}</TableCell>
                  <TableCell className="text-right tabular-nums">{fmtPct(p.success_rate)}</TableCell>
                  <TableCell className="text-right tabular-nums">{fmtMs(p.mean_latency_ms)}</TableCell>
                  <TableCell><OutcomeStrip recent={p.recent} /></TableCell>
                  <TableCell className="text-destructive max-w-64 truncate text-xs" title={p.last_error ?? ''}>{p.last_error}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <Card>
        <CardHeader><CardTitle>{t('Associations')}</CardTitle></CardHeader>
        <CardContent>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t('Model')}</TableHead><TableHead>{t('Provider')}</TableHead><TableHead>{t('Status')}</TableHead><TableHead>{t('Breaker')}</TableHead>
                <TableHead className="text-right">{t('Requests')}</TableHead><TableHead className="text-right">{t('Success rate')}</TableHead><TableHead className="text-right">{t('Latency')}</TableHead><TableHead>{t('Recent')}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {d?.associations.length === 0 && <TableRow><TableCell colSpan={8} className="text-muted-foreground text-center">{t('No data yet.')}</TableCell></TableRow>}
              {d?.associations.map((a) => (
                <TableRow key={a.id} title={a.last_error ?? ''}>
                  <TableCell className="font-medium">{a.model}</TableCell>
                  <TableCell>{a.provider}</TableCell>
                  <TableCell><StatusPill status={a.status} /></TableCell>
                  <TableCell><StatusPill status={a.breaker} /></TableCell>
                  <TableCell className="text-right tabular-nums">{fmtInt(a.requests)}</TableCell>
                  <TableCell className="text-right tabular-nums">{fmtPct(a.success_rate)}</TableCell>
                  <TableCell className="text-right tabular-nums">{fmtMs(a.mean_latency_ms)}</TableCell>
                  <TableCell><OutcomeStrip recent={a.recent} /></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </>
  )
}
