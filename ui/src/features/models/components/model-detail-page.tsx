import * as React from 'react'
import type { ColumnDef } from '@tanstack/react-table'
import { Link, useParams } from 'react-router'
import { ArrowLeft, Pencil, Plus, Trash2 } from 'lucide-react'
import { toast } from 'sonner'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { DataTable } from '@/components/data-table'
import { PageHeader } from '@/components/page-header'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent } from '@/components/ui/card'
import { Switch } from '@/components/ui/switch'
import { useT } from '@/lib/i18n'
import { useDeleteAssociation } from '../api/delete-association'
import { useAssociations } from '../api/get-associations'
import { useModel } from '../api/get-model'
import { usePatchAssociation } from '../api/patch-association'
import { usePatchModel } from '../api/patch-model'
import type { Association } from '../types'
import { AssociationFormDialog } from './association-form-dialog'
import { ModelFormDialog } from './model-form-dialog'
import { TestButton } from './test-button'
import { TestToolsButton } from './test-tools-button'

const FLAG_COLS = [
  ['tool_call', 'Tools'],
  ['structured_output', 'JSON'],
  ['image', 'Images'],
  ['with_header', 'Headers'],
  ['enabled', 'Enabled'],
] as const

export function ModelDetailPage() {
  const t = useT()
  const id = Number(useParams().id)
  const model = useModel(id)
  const assocs = useAssociations(id)
  const patchModel = usePatchModel()
  const patchAssoc = usePatchAssociation()
  const del = useDeleteAssociation()
  const [editModel, setEditModel] = React.useState(false)
  const [assocOpen, setAssocOpen] = React.useState(false)
  const [editing, setEditing] = React.useState<Association | undefined>()
  const [deleting, setDeleting] = React.useState<Association | null>(null)
  const m = model.data

  const columns: ColumnDef<Association>[] = [
    { accessorKey: 'provider_name', header: t('Provider'), cell: ({ row }) => (
      <div className="flex flex-col">
        <span className="font-medium">{row.original.provider_name}</span>
        <span className="text-muted-foreground text-xs">{row.original.provider_type}</span>
      </div>
    ) },
    { accessorKey: 'provider_model', header: t('Upstream model'), cell: ({ row }) => <span className="font-mono text-xs">{row.original.provider_model}</span> },
    { accessorKey: 'weight', header: t('Weight') },
    ...FLAG_COLS.map(([key, label]): ColumnDef<Association> => ({
      id: key,
      header: t(label),
      cell: ({ row }) => (
        <Switch aria-label={`${t(label)} ${row.original.provider_name}`} checked={row.original[key]} onCheckedChange={(c) => patchAssoc.mutate({ id: row.original.id, [key]: c })} />
      ),
    })),
    { id: 'test', header: t('Test'), cell: ({ row }) => <div className="flex flex-col gap-1"><TestButton id={row.original.id} /><TestToolsButton id={row.original.id} /></div> },
    { id: 'actions', header: '', cell: ({ row }) => (
      <div className="flex justify-end gap-1">
        <Button variant="ghost" size="icon" aria-label={t('Edit')} onClick={() => { setEditing(row.original); setAssocOpen(true) }}><Pencil /></Button>
        <Button variant="ghost" size="icon" aria-label={t('Delete')} onClick={() => setDeleting(row.original)}><Trash2 /></Button>
      </div>
    ) },
  ]

  return (
    <>
      <Button variant="ghost" size="sm" asChild className="-ml-2 w-fit">
        <Link to="/models"><ArrowLeft /> {t('Models')}</Link>
      </Button>
      <PageHeader
        title={m?.name ?? '…'}
        description={m?.remark || undefined}
        actions={m && (
          <>
            <div className="flex items-center gap-2 text-sm">
              <Switch id="model-enabled" checked={m.enabled} onCheckedChange={(c) => patchModel.mutate({ id, enabled: c })} />
              <label htmlFor="model-enabled">{t('Enabled')}</label>
            </div>
            <Button variant="outline" onClick={() => setEditModel(true)}><Pencil /> {t('Edit')}</Button>
            <Button onClick={() => { setEditing(undefined); setAssocOpen(true) }}><Plus /> {t('Add provider')}</Button>
          </>
        )}
      />
      {m && (
        <Card className="py-4">
          <CardContent className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
            <span>{t('Strategy')}: <Badge variant="secondary">{m.strategy}</Badge></span>
            <span>{t('Max attempts')}: {m.max_retry}</span>
            <span>{t('Timeout (seconds)')}: {m.timeout_seconds}</span>
            <span>{t('Store bodies')}: {m.io_log ? t('yes') : t('no')}</span>
            <span>{t('Circuit breaker')}: {m.breaker ? t('yes') : t('no')}</span>
          </CardContent>
        </Card>
      )}
      <DataTable columns={columns} data={assocs.data?.items ?? []} loading={assocs.isPending} rowTestId={(a) => `assoc-${a.provider_name}`} />
      {m && <ModelFormDialog open={editModel} onOpenChange={setEditModel} model={m} />}
      <AssociationFormDialog modelId={id} open={assocOpen} onOpenChange={setAssocOpen} association={editing} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t('Remove {name} from this model?', { name: deleting?.provider_name ?? '' })}
        pending={del.isPending}
        onConfirm={() => deleting && del.mutate(deleting.id, { onSuccess: () => { toast.success(t('Association deleted')); setDeleting(null) } })}
      />
    </>
  )
}
