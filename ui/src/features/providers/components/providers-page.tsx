import * as React from 'react'
import type { ColumnDef } from '@tanstack/react-table'
import { ExternalLink, List, Lock, Pencil, Plus, Trash2, Unlock } from 'lucide-react'
import { toast } from 'sonner'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { DataTable } from '@/components/data-table'
import { PageHeader } from '@/components/page-header'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { NativeSelect, NativeSelectOption } from '@/components/ui/native-select'
import { ApiError } from '@/lib/api-client'
import { fmtTime } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { useUrlState } from '@/lib/use-url-state'
import { useClearIpLock } from '../api/clear-ip-lock'
import { useDeleteProvider } from '../api/delete-provider'
import { useLimits } from '../api/get-limits'
import { useProviderTypes } from '../api/get-provider-types'
import { useProviders } from '../api/get-providers'
import type { Limits, Provider } from '../types'
import { ProviderFormDialog } from './provider-form-dialog'
import { UpstreamModelsDialog } from './upstream-models-dialog'

function RpmCell({ p, limits }: { p: Provider; limits?: Limits }) {
  const r = limits?.rpm.find((x) => x.provider_id === p.id)
  const limit = r?.limit ?? p.rpm_limit
  const count = r?.count ?? 0
  if (!limit) return <span className="text-muted-foreground">{count} / ∞</span>
  return <Badge variant={count >= limit ? 'destructive' : 'outline'}>{count} / {limit}</Badge>
}

function IpLockCell({ p, limits }: { p: Provider; limits?: Limits }) {
  const t = useT()
  const clear = useClearIpLock()
  if (!p.ip_lock_minutes) return <span className="text-muted-foreground">{t('off')}</span>
  const lock = limits?.ip_locks.find((x) => x.provider_id === p.id)
  if (!lock) return <span className="text-muted-foreground flex items-center gap-1"><Unlock className="size-3.5" />{t('free')}</span>
  return (
    <span className="flex items-center gap-1" title={`${t('until')} ${fmtTime(lock.expires_at)}`}>
      <Lock className="size-3.5" /> <span className="font-mono text-xs">{lock.client_ip}</span>
      <Button variant="outline" size="sm" className="h-6 px-2 text-xs" disabled={clear.isPending} onClick={() => clear.mutate(p.id, { onSuccess: () => toast.success(t('IP lock cleared')) })}>
        {t('Clear')}
      </Button>
    </span>
  )
}

export function ProvidersPage() {
  const t = useT()
  const { values, page, pageSize, update } = useUrlState(['search', 'type'] as const)
  const [search, setSearch] = React.useState(values.search)
  React.useEffect(() => {
    const h = setTimeout(() => search !== values.search && update({ search }), 300)
    return () => clearTimeout(h)
  }, [search, values.search, update])
  const list = useProviders({ search: values.search, type: values.type, page, page_size: pageSize })
  const types = useProviderTypes()
  const limits = useLimits()
  const del = useDeleteProvider()
  const [editing, setEditing] = React.useState<Provider | undefined>()
  const [formOpen, setFormOpen] = React.useState(false)
  const [upstream, setUpstream] = React.useState<Provider | null>(null)
  const [deleting, setDeleting] = React.useState<{ p: Provider; cascade: boolean } | null>(null)

  const doDelete = async () => {
    if (!deleting) return
    try {
      await del.mutateAsync({ id: deleting.p.id, cascade: deleting.cascade })
      toast.success(t('Provider deleted'))
      setDeleting(null)
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setDeleting({ ...deleting, cascade: true })
      else toast.error((e as Error).message)
    }
  }

  const columns: ColumnDef<Provider>[] = [
    { accessorKey: 'name', header: t('Name'), cell: ({ row }) => <span className="font-medium">{row.original.name}</span> },
    { accessorKey: 'type', header: t('Type'), cell: ({ row }) => <Badge variant="secondary">{row.original.type}</Badge> },
    { accessorKey: 'base_url', header: t('Base URL'), cell: ({ row }) => <span className="text-muted-foreground block max-w-64 truncate font-mono text-xs">{row.original.base_url}</span> },
    { id: 'rpm', header: t('RPM'), cell: ({ row }) => <RpmCell p={row.original} limits={limits.data} /> },
    { id: 'ip', header: t('IP lock'), cell: ({ row }) => <IpLockCell p={row.original} limits={limits.data} /> },
    { accessorKey: 'enabled', header: t('Status'), cell: ({ row }) => (row.original.enabled ? <Badge variant="success">{t('Enabled')}</Badge> : <Badge variant="outline">{t('Disabled')}</Badge>) },
    {
      id: 'actions',
      header: '',
      cell: ({ row }) => {
        const p = row.original
        return (
          <div className="flex justify-end gap-1">
            {p.console && (
              <Button variant="ghost" size="icon" asChild aria-label={t('Console')}>
                <a href={p.console} target="_blank" rel="noreferrer"><ExternalLink /></a>
              </Button>
            )}
            <Button variant="ghost" size="icon" aria-label={t('Upstream models')} onClick={() => setUpstream(p)}><List /></Button>
            <Button variant="ghost" size="icon" aria-label={t('Edit')} onClick={() => { setEditing(p); setFormOpen(true) }}><Pencil /></Button>
            <Button variant="ghost" size="icon" aria-label={t('Delete')} onClick={() => setDeleting({ p, cascade: false })}><Trash2 /></Button>
          </div>
        )
      },
    },
  ]

  return (
    <>
      <PageHeader
        title={t('Providers')}
        description={t('Upstream accounts that serve your models.')}
        actions={<Button onClick={() => { setEditing(undefined); setFormOpen(true) }}><Plus /> {t('New provider')}</Button>}
      />
      <div className="flex flex-wrap gap-2">
        <Input className="max-w-xs" placeholder={t('Search…')} aria-label={t('Search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        <NativeSelect aria-label={t('Type')} value={values.type} onChange={(e) => update({ type: e.target.value })}>
          <NativeSelectOption value="">{t('All types')}</NativeSelectOption>
          {(types.data?.items ?? []).map((ty) => <NativeSelectOption key={ty} value={ty}>{ty}</NativeSelectOption>)}
        </NativeSelect>
        {limits.data && <span className="text-muted-foreground self-center text-xs">{t('Limits backend')}: {limits.data.backend}</span>}
      </div>
      <DataTable
        columns={columns}
        data={list.data?.items ?? []}
        total={list.data?.total ?? 0}
        page={page}
        pageSize={pageSize}
        loading={list.isPending}
        onPage={(p, s) => update({ page: p, page_size: s }, false)}
        rowTestId={(p) => `provider-${p.name}`}
      />
      <ProviderFormDialog open={formOpen} onOpenChange={setFormOpen} provider={editing} />
      <UpstreamModelsDialog provider={upstream} onOpenChange={(o) => !o && setUpstream(null)} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t('Delete provider {name}?', { name: deleting?.p.name ?? '' })}
        description={deleting?.cascade ? t('This provider still has model associations. Delete them too?') : t('This cannot be undone.')}
        confirmLabel={deleting?.cascade ? t('Delete with associations') : t('Delete')}
        pending={del.isPending}
        onConfirm={doDelete}
      />
    </>
  )
}
