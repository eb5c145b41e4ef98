import * as React from 'react'
import type { ColumnDef } from '@tanstack/react-table'
import { RefreshCw } from 'lucide-react'
import { DataTable } from '@/components/data-table'
import { PageHeader } from '@/components/page-header'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { fmtCost, fmtInt, fmtMs, fmtTime } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { useUrlState } from '@/lib/use-url-state'
import { useLogs } from '../api/get-logs'
import { FILTER_KEYS, styleLabel, type LogRow } from '../types'
import { LogDetailSheet } from './log-detail-sheet'
import { LogsFilters } from './logs-filters'
import { StatusBadge } from './status-badge'

export function LogsPage() {
  const t = useT()
  const { values, page, pageSize, update } = useUrlState(FILTER_KEYS)
  const logs = useLogs({ ...values, page, page_size: pageSize })
  const [selected, setSelected] = React.useState<LogRow | null>(null)
  const columns: ColumnDef<LogRow>[] = [
    { accessorKey: 'created_at', header: t('Time'), cell: ({ row }) => <span className="text-xs">{fmtTime(row.original.created_at)}</span> },
    { accessorKey: 'model', header: t('Model'), cell: ({ row }) => <span className="font-medium">{row.original.model}</span> },
    { accessorKey: 'provider_name', header: t('Provider'), cell: ({ row }) => (
      <div className="flex flex-col">
        <span>{row.original.provider_name ?? '—'}</span>
        {row.original.attempt > 0 && <span className="text-muted-foreground text-xs">{t('attempt {n}', { n: row.original.attempt + 1 })}</span>}
      </div>
    ) },
    { accessorKey: 'style', header: t('Style'), cell: ({ row }) => <Badge variant="outline">{styleLabel(row.original)}{row.original.stream ? ' · SSE' : ''}</Badge> },
    { accessorKey: 'status', header: t('Status'), cell: ({ row }) => <StatusBadge status={row.original.status} http={row.original.http_status} /> },
    { id: 'tokens', header: t('Tokens'), cell: ({ row }) => (
      <span className="tabular-nums" data-testid="log-tokens">
        {fmtInt(row.original.total_tokens)}
        <span className="text-muted-foreground text-xs"> ({fmtInt(row.original.prompt_tokens)}↑ {fmtInt(row.original.completion_tokens)}↓)</span>
      </span>
    ) },
    { id: 'latency', header: t('Latency'), cell: ({ row }) => (
      <span className="tabular-nums">{fmtMs(row.original.total_ms)}{row.original.first_token_ms != null && <span className="text-muted-foreground text-xs"> / {fmtMs(row.original.first_token_ms)}</span>}</span>
    ) },
    { accessorKey: 'cost', header: t('Cost'), cell: ({ row }) => fmtCost(row.original.cost) },
  ]
  return (
    <>
      <PageHeader
        title={t('Logs')}
        description={t('One row per upstream attempt, newest first.')}
        actions={<Button variant="outline" onClick={() => logs.refetch()} disabled={logs.isFetching}><RefreshCw className={logs.isFetching ? 'animate-spin' : ''} /> {t('Refresh')}</Button>}
      />
      <LogsFilters values={values} onChange={(p) => update(p)} />
      <DataTable
        columns={columns}
        data={logs.data?.items ?? []}
        total={logs.data?.total ?? 0}
        page={page}
        pageSize={pageSize}
        loading={logs.isPending}
        onPage={(p, s) => update({ page: p, page_size: s }, false)}
        onRowClick={setSelected}
        rowTestId={(l) => `log-${l.id}`}
      />
      <LogDetailSheet log={selected} onOpenChange={(o) => !o && setSelected(null)} onSelect={setSelected} />
    </>
  )
}
