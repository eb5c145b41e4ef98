import * as React from 'react'
import { Controller, useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { z } from 'zod'
import { toast } from 'sonner'
import { MultiSelect } from '@/components/multi-select'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Switch } from '@/components/ui/switch'
import { fromLocalInput, toLocalInput } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { useModelNames } from '../api/get-model-names'
import { useSaveKey } from '../api/save-key'
import { LIMITS, type AuthKey, type KeyLimits } from '../types'

const amount = z.coerce.number({ invalid_type_error: 'Must be a number' }).min(0, 'Must be 0 or more')
const whole = amount.int('Must be a whole number')

const schema = z
  .object({
    name: z.string().trim().min(1, 'Required'),
    enabled: z.boolean(),
    allow_all: z.boolean(),
    models: z.array(z.string()),
    expires_at: z.string(),
    budget_usd: amount,
    budget_usd_daily: amount,
    budget_usd_monthly: amount,
    budget_tokens: whole,
    budget_tokens_daily: whole,
    budget_tokens_monthly: whole,
    rpm_limit: whole,
    tpm_limit: whole,
    max_parallel: whole,
  })
  .refine((v) => v.allow_all || v.models.length > 0, { path: ['models'], message: 'Pick at least one model or allow all' })
type FormIn = z.input<typeof schema>
type FormOut = z.output<typeof schema>

const defaults = (k?: AuthKey): FormIn => ({
  name: k?.name ?? '',
  enabled: k?.enabled ?? true,
  allow_all: k?.allow_all ?? true,
  models: k?.models ?? [],
  expires_at: toLocalInput(k?.expires_at),
  ...(Object.fromEntries(LIMITS.map((l) => [l.field, k?.[l.field] ?? 0])) as Record<keyof KeyLimits, number>),
})

export function KeyFormDialog({ open, onOpenChange, authKey, onCreated }: { open: boolean; onOpenChange: (o: boolean) => void; authKey?: AuthKey; onCreated: (secret: string) => void }) {
  const t = useT()
  const save = useSaveKey()
  const models = useModelNames()
  const form = useForm<FormIn, unknown, FormOut>({ resolver: zodResolver(schema), defaultValues: defaults(authKey) })
  React.useEffect(() => {
    if (open) form.reset(defaults(authKey))
  }, [open, authKey, form])
  const allowAll = form.watch('allow_all')
  const e = form.formState.errors
  const submit = form.handleSubmit(async (v) => {
    const saved = await save.mutateAsync({ id: authKey?.id, ...v, expires_at: fromLocalInput(v.expires_at) })
    onOpenChange(false)
    if (authKey) toast.success(t('API key saved'))
    else onCreated(saved.key)
  })
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{authKey ? t('Edit API key') : t('New API key')}</DialogTitle>
          <DialogDescription>{t('Keys for teams and tools that call the gateway.')}</DialogDescription>
        </DialogHeader>
        <form id="key-form" onSubmit={submit} className="space-y-4" noValidate>
          <div className="space-y-1.5">
            <Label htmlFor="k-name">{t('Name')}</Label>
            <Input id="k-name" placeholder="team-a" aria-invalid={!!e.name} {...form.register('name')} />
            {e.name && <p className="text-destructive text-xs">{t(e.name.message ?? '')}</p>}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="k-expires">{t('Expires at (empty = never)')}</Label>
            <Input id="k-expires" type="datetime-local" {...form.register('expires_at')} />
          </div>
          <div className="flex gap-6">
            <div className="flex items-center gap-2">
              <Controller control={form.control} name="allow_all" render={({ field }) => <Switch id="k-all" checked={field.value} onCheckedChange={field.onChange} />} />
              <Label htmlFor="k-all">{t('All models')}</Label>
            </div>
            <div className="flex items-center gap-2">
              <Controller control={form.control} name="enabled" render={({ field }) => <Switch id="k-enabled" checked={field.value} onCheckedChange={field.onChange} />} />
              <Label htmlFor="k-enabled">{t('Enabled')}</Label>
            </div>
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{t('Budgets and limits')}</legend>
            <p className="text-muted-foreground text-xs">{t('0 = none. Days and months are UTC; spend is counted from the price table.')}</p>
            <div className="grid grid-cols-3 gap-2">
              {LIMITS.map((l) => (
                <div key={l.field} className="space-y-1">
                  <Label htmlFor={`k-${l.field}`} className="text-xs">{t(l.label)}{l.money ? ' ($)' : ''}</Label>
                  <Input id={`k-${l.field}`} type="number" min={0} step={l.money ? 'any' : 1} aria-invalid={!!e[l.field]} {...form.register(l.field)} />
                  {e[l.field] && <p className="text-destructive text-xs">{t(e[l.field]?.message ?? '')}</p>}
                </div>
              ))}
            </div>
          </fieldset>
          {!allowAll && (
            <div className="space-y-1.5">
              <Label>{t('Allowed models')}</Label>
              <Controller control={form.control} name="models" render={({ field }) => <MultiSelect options={models.data ?? []} value={field.value} onChange={field.onChange} />} />
              {e.models && <p className="text-destructive text-xs">{t(e.models.message ?? '')}</p>}
            </div>
          )}
        </form>
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>{t('Cancel')}</Button>
          <Button type="submit" form="key-form" disabled={save.isPending}>{authKey ? t('Save') : t('Create')}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
