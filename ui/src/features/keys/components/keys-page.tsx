import * as React from 'react'
import type { ColumnDef } from '@tanstack/react-table'
import { Pencil, Plus, Trash2 } from 'lucide-react'
import { toast } from 'sonner'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { DataTable } from '@/components/data-table'
import { PageHeader } from '@/components/page-header'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Switch } from '@/components/ui/switch'
import { fmtInt, fmtTime } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { useUrlState } from '@/lib/use-url-state'
import { useDeleteKey } from '../api/delete-key'
import { useKeys } from '../api/get-keys'
import { usePatchKey } from '../api/patch-key'
import type { AuthKey } from '../types'
import { CreatedKeyDialog } from './created-key-dialog'
import { KeyFormDialog } from './key-form-dialog'
import { UsageBars } from './usage-bars'

export function KeysPage() {
  const t = useT()
  const { page, pageSize, update } = useUrlState([] as const)
  const list = useKeys({ page, page_size: pageSize })
  const patch = usePatchKey()
  const del = useDeleteKey()
  const [formOpen, setFormOpen] = React.useState(false)
  const [editing, setEditing] = React.useState<AuthKey | undefined>()
  const [secret, setSecret] = React.useState<string | null>(null)
  const [deleting, setDeleting] = React.useState<AuthKey | null>(null)

  const columns: ColumnDef<AuthKey>[] = [
    { accessorKey: 'name', header: t('Name'), cell: ({ row }) => <span className="font-medium">{row.original.name}</span> },
    { accessorKey: 'key', header: t('Key'), cell: ({ row }) => <span className="font-mono text-xs">{row.original.key}</span> },
    { id: 'models', header: t('Models'), cell: ({ row }) => row.original.allow_all ? <Badge variant="secondary">{t('All models')}</Badge> : (
      <div className="flex max-w-64 flex-wrap gap-1">
        {row.original.models.slice(0, 4).map((m) => <Badge key={m} variant="outline">{m}</Badge>)}
        {row.original.models.length > 4 && <Badge variant="outline">+{row.original.models.length - 4}</Badge>}
      </div>
    ) },
    { accessorKey: 'expires_at', header: t('Expires'), cell: ({ row }) => {
      const x = row.original.expires_at
      if (!x) return <span className="text-muted-foreground">{t('never')}</span>
      return new Date(x) < new Date() ? <Badge variant="destructive">{t('expired')}</Badge> : fmtTime(x)
    } },
    { id: 'budgets', header: t('Budgets and limits'), cell: ({ row }) => <UsageBars authKey={row.original} /> },
    { accessorKey: 'usage_count', header: t('Requests'), cell: ({ row }) => fmtInt(row.original.usage_count) },
    { accessorKey: 'last_used_at', header: t('Last used'), cell: ({ row }) => fmtTime(row.original.last_used_at) },
    { accessorKey: 'enabled', header: t('Enabled'), cell: ({ row }) => (
      <Switch aria-label={t('Enabled')} checked={row.original.enabled} onCheckedChange={(c) => patch.mutate({ id: row.original.id, enabled: c })} />
    ) },
    { id: 'actions', header: '', cell: ({ row }) => (
      <div className="flex justify-end gap-1">
        <Button variant="ghost" size="icon" aria-label={t('Edit')} onClick={() => { setEditing(row.original); setFormOpen(true) }}><Pencil /></Button>
        <Button variant="ghost" size="icon" aria-label={t('Delete')} onClick={() => setDeleting(row.original)}><Trash2 /></Button>
      </div>
    ) },
  ]

  return (
    <>
      <PageHeader
        title={t('API keys')}
        description={t('Keys that callers use instead of the admin token.')}
        actions={<Button onClick={() => { setEditing(undefined); setFormOpen(true) }}><Plus /> {t('New API key')}</Button>}
      />
      <DataTable
        columns={columns}
        data={list.data?.items ?? []}
        total={list.data?.total ?? 0}
        page={page}
        pageSize={pageSize}
        loading={list.isPending}
        onPage={(p, s) => update({ page: p, page_size: s }, false)}
        rowTestId={(k) => `key-${k.name}`}
      />
      <KeyFormDialog open={formOpen} onOpenChange={setFormOpen} authKey={editing} onCreated={setSecret} />
      <CreatedKeyDialog secret={secret} onClose={() => setSecret(null)} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t('Delete API key {name}?', { name: deleting?.name ?? '' })}
        description={t('Callers using it will get 401.')}
        pending={del.isPending}
        onConfirm={() => deleting && del.mutate(deleting.id, { onSuccess: () => { toast.success(t('API key deleted')); setDeleting(null) } })}
      />
    </>
  )
}
