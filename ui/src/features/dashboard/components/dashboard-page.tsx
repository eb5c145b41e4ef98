import * as React from 'react'
import { Link } from 'react-router'
import { PageHeader } from '@/components/page-header'
import { ModelsStatTable } from '@/features/stats/components/models-stat-table'
import { RangeSelect } from '@/features/stats/components/range-select'
import { SeriesCharts } from '@/features/stats/components/series-charts'
import { StatCards } from '@/features/stats/components/stat-cards'
import type { Range } from '@/features/stats/types'
import { Badge } from '@/components/ui/badge'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { fmtCompact, fmtCost, fmtInt } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { useSeries } from '../api/get-series'
import { useServedModels } from '../api/get-served-models'
import { useSummary } from '../api/get-summary'
import { useTopKeys } from '../api/get-top-keys'
import { useTopModels } from '../api/get-top-models'

export function DashboardPage() {
  const t = useT()
  const [range, setRange] = React.useState<Range>(() => (localStorage.getItem('llmio.range') as Range) || '24h')
  const summary = useSummary()
  const series = useSeries(range)
  const models = useTopModels()
  const keys = useTopKeys()
  const served = useServedModels()
  const pick = (r: Range) => {
    localStorage.setItem('llmio.range', r)
    setRange(r)
  }
  return (
    <>
      <PageHeader title={t('Dashboard')} description={t('Traffic through the gateway.')} />
      <StatCards total={summary.data?.total} today={summary.data?.today} />
      <SeriesCharts series={series.data} actions={<RangeSelect value={range} onChange={pick} />} />
      <div className="grid gap-4 *:min-w-0 lg:grid-cols-2">
        <Card>
          <CardHeader><CardTitle>{t('Top models')}</CardTitle></CardHeader>
          <CardContent><ModelsStatTable items={models.data?.items ?? []} /></CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t('Top keys')}</CardTitle></CardHeader>
          <CardContent>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t('Key')}</TableHead>
                  <TableHead className="text-right">{t('Requests')}</TableHead>
                  <TableHead className="text-right">{t('Tokens')}</TableHead>
                  <TableHead className="text-right">{t('Cost')}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {(keys.data?.items ?? []).length === 0 && <TableRow><TableCell colSpan={4} className="text-muted-foreground text-center">{t('No data yet.')}</TableCell></TableRow>}
                {(keys.data?.items ?? []).slice(0, 10).map((k) => (
                  <TableRow key={k.auth_key_id ?? 'admin'}>
                    <TableCell className="font-medium">{k.auth_key_id == null ? <Badge variant="secondary">{t('admin')}</Badge> : k.name}</TableCell>
                    <TableCell className="text-right tabular-nums">{fmtInt(k.requests)}</TableCell>
                    <TableCell className="text-right tabular-nums">{fmtCompact(k.total_tokens)}</TableCell>
                    <TableCell className="text-right tabular-nums">{fmtCost(k.cost)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader><CardTitle>{t('Served models')}</CardTitle></CardHeader>
        <CardContent className="flex flex-wrap gap-2">
          {served.data?.length === 0 && <span className="text-muted-foreground text-sm">{t('No model is served yet: add a provider, then a model with an association.')}</span>}
          {served.data?.map((m) => (
            <Link key={m.id} to={`/models/${m.id}`}>
              <Badge variant="outline" className="hover:bg-accent px-3 py-1 text-sm">{m.name} <span className="text-muted-foreground">· {m.association_count}</span></Badge>
            </Link>
          ))}
        </CardContent>
      </Card>
    </>
  )
}
