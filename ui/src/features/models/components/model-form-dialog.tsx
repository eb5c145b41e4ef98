import * as React from 'react'
import { Controller, useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { z } from 'zod'
import { toast } from 'sonner'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect, NativeSelectOption } from '@/components/ui/native-select'
import { Switch } from '@/components/ui/switch'
import { useT } from '@/lib/i18n'
import { useSaveModel } from '../api/save-model'
import type { Model } from '../types'

const int = (min: number) => z.coerce.number({ invalid_type_error: 'Must be a number' }).int('Must be a whole number').min(min, min === 0 ? 'Must be 0 or more' : `Must be ${min} or more`)
const schema = z.object({
  name: z.string().trim().min(1, 'Required'),
  remark: z.string(),
  strategy: z.enum(['lottery', 'rotor']),
  max_retry: int(1),
  timeout_seconds: int(1),
  io_log: z.boolean(),
  breaker: z.boolean(),
  enabled: z.boolean(),
})
type FormIn = z.input<typeof schema>
type FormOut = z.output<typeof schema>

const defaults = (m?: Model): FormIn => ({
  name: m?.name ?? '',
  remark: m?.remark ?? '',
  strategy: m?.strategy ?? 'lottery',
  max_retry: m?.max_retry ?? 3,
  timeout_seconds: m?.timeout_seconds ?? 60,
  io_log: m?.io_log ?? false,
  breaker: m?.breaker ?? true,
  enabled: m?.enabled ?? true,
})

export function ModelFormDialog({ open, onOpenChange, model, onSaved }: { open: boolean; onOpenChange: (o: boolean) => void; model?: Model; onSaved?: (m: Model) => void }) {
  const t = useT()
  const save = useSaveModel()
  const form = useForm<FormIn, unknown, FormOut>({ resolver: zodResolver(schema), defaultValues: defaults(model) })
  React.useEffect(() => {
    if (open) form.reset(defaults(model))
  }, [open, model, form])
  const e = form.formState.errors
  const submit = form.handleSubmit(async (v) => {
    const saved = await save.mutateAsync({ id: model?.id, ...v })
    toast.success(model ? t('Model saved') : t('Model created'))
    onOpenChange(false)
    onSaved?.(saved)
  })
  const err = (m?: string) => m && <p className="text-destructive text-xs">{t(m)}</p>
  const sw = (name: 'io_log' | 'breaker' | 'enabled', label: string) => (
    <div className="flex items-center gap-2">
      <Controller control={form.control} name={name} render={({ field }) => <Switch id={`m-${name}`} checked={field.value} onCheckedChange={field.onChange} />} />
      <Label htmlFor={`m-${name}`}>{label}</Label>
    </div>
  )
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{model ? t('Edit model') : t('New model')}</DialogTitle>
          <DialogDescription>{t('The public model name that clients send.')}</DialogDescription>
        </DialogHeader>
        <form id="model-form" onSubmit={submit} className="grid gap-4 sm:grid-cols-2" noValidate>
          <div className="space-y-1.5 sm:col-span-2">
            <Label htmlFor="m-name">{t('Name')}</Label>
            <Input id="m-name" placeholder="gpt-4o" aria-invalid={!!e.name} {...form.register('name')} />
            {err(e.name?.message)}
          </div>
          <div className="space-y-1.5 sm:col-span-2">
            <Label htmlFor="m-remark">{t('Remark')}</Label>
            <Input id="m-remark" {...form.register('remark')} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="m-strategy">{t('Strategy')}</Label>
            <NativeSelect id="m-strategy" className="w-full" {...form.register('strategy')}>
              <NativeSelectOption value="lottery">{t('lottery (weighted random)')}</NativeSelectOption>
              <NativeSelectOption value="rotor">{t('rotor (priority by weight)')}</NativeSelectOption>
            </NativeSelect>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="m-retry">{t('Max attempts')}</Label>
            <Input id="m-retry" type="number" min={1} aria-invalid={!!e.max_retry} {...form.register('max_retry')} />
            {err(e.max_retry?.message)}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="m-timeout">{t('Timeout (seconds)')}</Label>
            <Input id="m-timeout" type="number" min={1} aria-invalid={!!e.timeout_seconds} {...form.register('timeout_seconds')} />
            {err(e.timeout_seconds?.message)}
          </div>
          <div className="flex flex-col justify-end gap-3 sm:col-span-2 sm:flex-row sm:justify-start sm:gap-6">
            {sw('io_log', t('Store bodies'))}
            {sw('breaker', t('Circuit breaker'))}
            {sw('enabled', t('Enabled'))}
          </div>
        </form>
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>{t('Cancel')}</Button>
          <Button type="submit" form="model-form" disabled={save.isPending}>{t('Save')}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
