import * as React from 'react'
import type { ColumnDef } from '@tanstack/react-table'
import { Link, useNavigate } from 'react-router'
import { Pencil, Plus, Trash2 } from 'lucide-react'
import { toast } from 'sonner'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { DataTable } from '@/components/data-table'
import { PageHeader } from '@/components/page-header'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Switch } from '@/components/ui/switch'
import { ApiError } from '@/lib/api-client'
import { useT } from '@/lib/i18n'
import { useUrlState } from '@/lib/use-url-state'
import { useDeleteModel } from '../api/delete-model'
import { useModels } from '../api/get-models'
import { usePatchModel } from '../api/patch-model'
import type { Model } from '../types'
import { ModelFormDialog } from './model-form-dialog'

export function ModelsPage() {
  const t = useT()
  const navigate = useNavigate()
  const { values, page, pageSize, update } = useUrlState(['search'] as const)
  const [search, setSearch] = React.useState(values.search)
  React.useEffect(() => {
    const h = setTimeout(() => search !== values.search && update({ search }), 300)
    return () => clearTimeout(h)
  }, [search, values.search, update])
  const list = useModels({ search: values.search, page, page_size: pageSize })
  const patch = usePatchModel()
  const del = useDeleteModel()
  const [formOpen, setFormOpen] = React.useState(false)
  const [editing, setEditing] = React.useState<Model | undefined>()
  const [deleting, setDeleting] = React.useState<{ m: Model; cascade: boolean } | null>(null)

  const doDelete = async () => {
    if (!deleting) return
    try {
      await del.mutateAsync({ id: deleting.m.id, cascade: deleting.cascade })
      toast.success(t('Model deleted'))
      setDeleting(null)
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setDeleting({ ...deleting, cascade: true })
      else toast.error((e as Error).message)
    }
  }

  const columns: ColumnDef<Model>[] = [
    { accessorKey: 'name', header: t('Name'), cell: ({ row }) => <Link className="font-medium hover:underline" to={`/models/${row.original.id}`}>{row.original.name}</Link> },
    { accessorKey: 'remark', header: t('Remark'), cell: ({ row }) => <span className="text-muted-foreground block max-w-48 truncate">{row.original.remark}</span> },
    { accessorKey: 'strategy', header: t('Strategy'), cell: ({ row }) => <Badge variant="secondary">{row.original.strategy}</Badge> },
    { accessorKey: 'association_count', header: t('Providers') },
    { id: 'flags', header: t('Options'), cell: ({ row }) => (
      <div className="flex gap-1">
        {row.original.io_log && <Badge variant="outline">{t('bodies')}</Badge>}
        {row.original.breaker && <Badge variant="outline">{t('breaker')}</Badge>}
      </div>
    ) },
    { accessorKey: 'enabled', header: t('Enabled'), cell: ({ row }) => (
      <Switch aria-label={t('Enabled')} checked={row.original.enabled} onClick={(e) => e.stopPropagation()} onCheckedChange={(c) => patch.mutate({ id: row.original.id, enabled: c })} />
    ) },
    { id: 'actions', header: '', cell: ({ row }) => (
      <div className="flex justify-end gap-1">
        <Button variant="outline" size="sm" onClick={() => navigate(`/models/${row.original.id}`)}>{t('Providers')}</Button>
        <Button variant="ghost" size="icon" aria-label={t('Edit')} onClick={() => { setEditing(row.original); setFormOpen(true) }}><Pencil /></Button>
        <Button variant="ghost" size="icon" aria-label={t('Delete')} onClick={() => setDeleting({ m: row.original, cascade: false })}><Trash2 /></Button>
      </div>
    ) },
  ]

  return (
    <>
      <PageHeader
        title={t('Models')}
        description={t('Public model names and where they are routed.')}
        actions={<Button onClick={() => { setEditing(undefined); setFormOpen(true) }}><Plus /> {t('New model')}</Button>}
      />
      <Input className="max-w-xs" placeholder={t('Search…')} aria-label={t('Search')} value={search} onChange={(e) => setSearch(e.target.value)} />
      <DataTable
        columns={columns}
        data={list.data?.items ?? []}
        total={list.data?.total ?? 0}
        page={page}
        pageSize={pageSize}
        loading={list.isPending}
        onPage={(p, s) => update({ page: p, page_size: s }, false)}
        rowTestId={(m) => `model-${m.name}`}
      />
      <ModelFormDialog open={formOpen} onOpenChange={setFormOpen} model={editing} onSaved={(m) => !editing && navigate(`/models/${m.id}`)} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t('Delete model {name}?', { name: deleting?.m.name ?? '' })}
        description={deleting?.cascade ? t('This model still has provider associations. Delete them too?') : t('This cannot be undone.')}
        confirmLabel={deleting?.cascade ? t('Delete with associations') : t('Delete')}
        pending={del.isPending}
        onConfirm={doDelete}
      />
    </>
  )
}
