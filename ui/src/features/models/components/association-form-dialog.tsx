import * as React from 'react'
import { Controller, useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { z } from 'zod'
import { toast } from 'sonner'
import { Combobox } from '@/components/combobox'
import { JsonEditor, jsonObjectError } from '@/components/json-editor'
import { KeyValueEditor, fromPairs, toPairs } from '@/components/key-value-editor'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect, NativeSelectOption } from '@/components/ui/native-select'
import { Switch } from '@/components/ui/switch'
import { useT } from '@/lib/i18n'
import { useProviderOptions } from '../api/get-provider-options'
import { useUpstreamModels } from '../api/get-upstream-models'
import { useSaveAssociation } from '../api/save-association'
import type { Association } from '../types'

const schema = z.object({
  provider_id: z.coerce.number().int().min(1, 'Pick a provider'),
  provider_model: z.string().trim().min(1, 'Required'),
  weight: z.coerce.number({ invalid_type_error: 'Must be a number' }).int('Must be a whole number').min(1, 'Must be 1 or more'),
  tool_call: z.boolean(),
  structured_output: z.boolean(),
  image: z.boolean(),
  with_header: z.boolean(),
  enabled: z.boolean(),
  headers: z.array(z.object({ key: z.string(), value: z.string() })),
  extra_body: z.string().refine((s) => jsonObjectError(s) === null, 'Invalid JSON'),
})
type FormIn = z.input<typeof schema>
type FormOut = z.output<typeof schema>

const defaults = (a?: Association): FormIn => ({
  provider_id: a?.provider_id ?? 0,
  provider_model: a?.provider_model ?? '',
  weight: a?.weight ?? 1,
  tool_call: a?.tool_call ?? true,
  structured_output: a?.structured_output ?? true,
  image: a?.image ?? true,
  with_header: a?.with_header ?? false,
  enabled: a?.enabled ?? true,
  headers: toPairs(a?.headers),
  extra_body: a && Object.keys(a.extra_body ?? {}).length ? JSON.stringify(a.extra_body, null, 2) : '',
})

const FLAGS = [
  ['tool_call', 'Tool calls'],
  ['structured_output', 'Structured output'],
  ['image', 'Images'],
  ['with_header', 'Pass client headers'],
  ['enabled', 'Enabled'],
] as const

export function AssociationFormDialog({ modelId, open, onOpenChange, association }: { modelId: number; open: boolean; onOpenChange: (o: boolean) => void; association?: Association }) {
  const t = useT()
  const providers = useProviderOptions()
  const save = useSaveAssociation()
  const form = useForm<FormIn, unknown, FormOut>({ resolver: zodResolver(schema), defaultValues: defaults(association) })
  React.useEffect(() => {
    if (open) form.reset(defaults(association))
  }, [open, association, form])
  const providerId = Number(form.watch('provider_id')) || undefined
  const upstream = useUpstreamModels(open ? providerId : undefined)
  const e = form.formState.errors
  const submit = form.handleSubmit(async (v) => {
    await save.mutateAsync({
      id: association?.id,
      model_id: modelId,
      ...v,
      headers: fromPairs(v.headers),
      extra_body: v.extra_body.trim() ? JSON.parse(v.extra_body) : {},
    })
    toast.success(association ? t('Association saved') : t('Association created'))
    onOpenChange(false)
  })
  const err = (m?: string) => m && <p className="text-destructive text-xs">{t(m)}</p>
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{association ? t('Edit association') : t('Add provider')}</DialogTitle>
          <DialogDescription>{t('Route this model to a provider’s upstream model.')}</DialogDescription>
        </DialogHeader>
        <form id="assoc-form" onSubmit={submit} className="grid gap-4 sm:grid-cols-2" noValidate>
          <div className="space-y-1.5">
            <Label htmlFor="a-provider">{t('Provider')}</Label>
            <NativeSelect id="a-provider" className="w-full" aria-invalid={!!e.provider_id} {...form.register('provider_id')}>
              <NativeSelectOption value={0}>{t('Select…')}</NativeSelectOption>
              {(providers.data?.items ?? []).map((p) => (
                <NativeSelectOption key={p.id} value={p.id}>{p.name} ({p.type})</NativeSelectOption>
              ))}
            </NativeSelect>
            {err(e.provider_id?.message)}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="a-weight">{t('Weight')}</Label>
            <Input id="a-weight" type="number" min={1} aria-invalid={!!e.weight} {...form.register('weight')} />
            {err(e.weight?.message)}
          </div>
          <div className="space-y-1.5 sm:col-span-2">
            <Label htmlFor="a-model">{t('Upstream model')}</Label>
            <Controller
              control={form.control}
              name="provider_model"
              render={({ field }) => (
                <Combobox id="a-model" value={field.value} onChange={field.onChange} options={(upstream.data?.items ?? []).map((m) => m.id)} loading={upstream.isFetching} placeholder="gpt-4o-2024-08-06" />
              )}
            />
            {upstream.isError && <p className="text-muted-foreground text-xs">{t('Could not list upstream models; type the name.')}</p>}
            {err(e.provider_model?.message)}
          </div>
          <div className="grid grid-cols-2 gap-3 sm:col-span-2 sm:grid-cols-3">
            {FLAGS.map(([name, label]) => (
              <div key={name} className="flex items-center gap-2">
                <Controller control={form.control} name={name} render={({ field }) => <Switch id={`a-${name}`} checked={field.value} onCheckedChange={field.onChange} />} />
                <Label htmlFor={`a-${name}`}>{t(label)}</Label>
              </div>
            ))}
          </div>
          <div className="space-y-1.5 sm:col-span-2">
            <Label>{t('Custom headers')}</Label>
            <Controller control={form.control} name="headers" render={({ field }) => <KeyValueEditor value={field.value} onChange={field.onChange} />} />
          </div>
          <div className="space-y-1.5 sm:col-span-2">
            <Label htmlFor="a-extra">{t('Extra body (JSON object merged into the upstream request)')}</Label>
            <Controller control={form.control} name="extra_body" render={({ field }) => <JsonEditor id="a-extra" value={field.value} onChange={field.onChange} />} />
          </div>
        </form>
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>{t('Cancel')}</Button>
          <Button type="submit" form="assoc-form" disabled={save.isPending}>{t('Save')}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
