import * as React from 'react'
import { Controller, useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { z } from 'zod'
import { toast } from 'sonner'
import { KeyValueEditor, fromPairs, toPairs } from '@/components/key-value-editor'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect, NativeSelectOption } from '@/components/ui/native-select'
import { Switch } from '@/components/ui/switch'
import { Textarea } from '@/components/ui/textarea'
import { useT } from '@/lib/i18n'
import { useProviderTypes } from '../api/get-provider-types'
import { useSaveProvider } from '../api/save-provider'
import { BASE_URL_PLACEHOLDER, type Provider } from '../types'

const optionalUrl = z.string().trim().refine((v) => !v || /^https?:\/\/\S+$/.test(v), 'Must be an http(s) URL')
// the gateway speaks to HTTP proxies and to SOCKS5 ones (socks5h: the proxy resolves the name)
const optionalProxyUrl = z.string().trim().refine((v) => !v || /^(https?|socks5h?):\/\/\S+$/.test(v), 'Must be an http(s) or socks5(h) URL')

const schema = z.object({
  name: z.string().trim().min(1, 'Required'),
  type: z.string().min(1, 'Required'),
  base_url: z.string().trim().min(1, 'Required').regex(/^https?:\/\/\S+$/, 'Must be an http(s) URL'),
  api_key: z.string(),
  headers: z.array(z.object({ key: z.string(), value: z.string() })),
  proxy: optionalProxyUrl,
  error_matcher: z.string(),
  rpm_limit: z.coerce.number({ invalid_type_error: 'Must be a number' }).int('Must be a whole number').min(0, 'Must be 0 or more'),
  tpm_limit: z.coerce.number({ invalid_type_error: 'Must be a number' }).int('Must be a whole number').min(0, 'Must be 0 or more'),
  ip_lock_minutes: z.coerce.number({ invalid_type_error: 'Must be a number' }).int('Must be a whole number').min(0, 'Must be 0 or more'),
  console: optionalUrl,
  enabled: z.boolean(),
  max_completion_tokens: z.boolean(),
})
type FormIn = z.input<typeof schema>
type FormOut = z.output<typeof schema>

function defaults(p?: Provider): FormIn {
  return {
    name: p?.name ?? '',
    type: p?.type ?? 'openai',
    base_url: p?.base_url ?? '',
    api_key: p?.api_key ?? '',
    headers: toPairs(p?.headers),
    proxy: p?.proxy ?? '',
    error_matcher: (p?.error_matcher ?? []).join('\n'),
    rpm_limit: p?.rpm_limit ?? 0,
    tpm_limit: p?.tpm_limit ?? 0,
    ip_lock_minutes: p?.ip_lock_minutes ?? 0,
    console: p?.console ?? '',
    enabled: p?.enabled ?? true,
    max_completion_tokens: p?.max_completion_tokens ?? false,
  }
}

function Field({ label, htmlFor, error, children, hint }: { label: string; htmlFor?: string; error?: string; hint?: string; children: React.ReactNode }) {
  const t = useT()
  return (
    <div className="space-y-1.5">
      <Label htmlFor={htmlFor}>{label}</Label>
      {children}
      {hint && !error && <p className="text-muted-foreground text-xs">{hint}</p>}
      {error && <p className="text-destructive text-xs">{t(error)}</p>}
    </div>
  )
}

export function ProviderFormDialog({ open, onOpenChange, provider }: { open: boolean; onOpenChange: (o: boolean) => void; provider?: Provider }) {
  const t = useT()
  const types = useProviderTypes()
  const save = useSaveProvider()
  const form = useForm<FormIn, unknown, FormOut>({ resolver: zodResolver(schema), defaultValues: defaults(provider) })
  React.useEffect(() => {
    if (open) form.reset(defaults(provider))
  }, [open, provider, form])
  const type = form.watch('type')
  const errors = form.formState.errors
  const submit = form.handleSubmit(async (v) => {
    if (!provider && !v.api_key.trim()) {
      form.setError('api_key', { message: 'Required' })
      return
    }
    await save.mutateAsync({
      id: provider?.id,
      ...v,
      headers: fromPairs(v.headers),
      error_matcher: v.error_matcher.split('\n').map((s) => s.trim()).filter(Boolean),
    })
    toast.success(provider ? t('Provider saved') : t('Provider created'))
    onOpenChange(false)
  })
  const typeOptions = types.data?.items ?? Object.keys(BASE_URL_PLACEHOLDER)
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{provider ? t('Edit provider') : t('New provider')}</DialogTitle>
          <DialogDescription>{t('One upstream account: where to send requests and with which key.')}</DialogDescription>
        </DialogHeader>
        <form id="provider-form" onSubmit={submit} className="grid gap-4 sm:grid-cols-2" noValidate>
          <Field label={t('Name')} htmlFor="p-name" error={errors.name?.message}>
            <Input id="p-name" {...form.register('name')} aria-invalid={!!errors.name} />
          </Field>
          <Field label={t('Type')} htmlFor="p-type" error={errors.type?.message}>
            <NativeSelect id="p-type" className="w-full" {...form.register('type')}>
              {typeOptions.map((ty) => (
                <NativeSelectOption key={ty} value={ty}>{ty}</NativeSelectOption>
              ))}
            </NativeSelect>
          </Field>
          <div className="sm:col-span-2">
            <Field label={t('Base URL')} htmlFor="p-base" error={errors.base_url?.message} hint={t('Include the version segment, e.g. /v1')}>
              <Input id="p-base" placeholder={BASE_URL_PLACEHOLDER[type] ?? 'https://…'} {...form.register('base_url')} aria-invalid={!!errors.base_url} />
            </Field>
          </div>
          <div className="sm:col-span-2">
            <Field label={t('API key')} htmlFor="p-key" error={errors.api_key?.message} hint={provider ? t('Leave the masked value to keep the stored key') : undefined}>
              <Input id="p-key" type="password" autoComplete="off" {...form.register('api_key')} aria-invalid={!!errors.api_key} />
            </Field>
          </div>
          <Field label={t('RPM limit')} htmlFor="p-rpm" error={errors.rpm_limit?.message} hint={t('0 = no limit')}>
            <Input id="p-rpm" type="number" min={0} {...form.register('rpm_limit')} aria-invalid={!!errors.rpm_limit} />
          </Field>
          <Field label={t('TPM limit')} htmlFor="p-tpm" error={errors.tpm_limit?.message} hint={t('tokens per minute from each answer; 0 = no limit')}>
            <Input id="p-tpm" type="number" min={0} {...form.register('tpm_limit')} aria-invalid={!!errors.tpm_limit} />
          </Field>
          <Field label={t('IP lock (minutes)')} htmlFor="p-ip" error={errors.ip_lock_minutes?.message} hint={t('0 = off')}>
            <Input id="p-ip" type="number" min={0} {...form.register('ip_lock_minutes')} aria-invalid={!!errors.ip_lock_minutes} />
          </Field>
          <Field label={t('Proxy')} htmlFor="p-proxy" error={errors.proxy?.message}>
            <Input id="p-proxy" placeholder="http://proxy:3128 or socks5h://127.0.0.1:7890" {...form.register('proxy')} />
          </Field>
          <Field label={t('Console URL')} htmlFor="p-console" error={errors.console?.message}>
            <Input id="p-console" placeholder="https://platform.openai.com" {...form.register('console')} />
          </Field>
          <div className="sm:col-span-2">
            <Field label={t('Error matcher')} htmlFor="p-em" hint={t('One substring per line; a 200 body containing one counts as a failure')}>
              <Textarea id="p-em" rows={2} {...form.register('error_matcher')} />
            </Field>
          </div>
          <div className="space-y-1.5 sm:col-span-2">
            <Label>{t('Headers')}</Label>
            <Controller control={form.control} name="headers" render={({ field }) => <KeyValueEditor value={field.value} onChange={field.onChange} />} />
          </div>
          <div className="flex items-center gap-2">
            <Controller control={form.control} name="enabled" render={({ field }) => <Switch id="p-enabled" checked={field.value} onCheckedChange={field.onChange} />} />
            <Label htmlFor="p-enabled">{t('Enabled')}</Label>
          </div>
          {type === 'openai' && (
            <div className="space-y-1.5">
              <div className="flex items-center gap-2">
                <Controller control={form.control} name="max_completion_tokens" render={({ field }) => <Switch id="p-mct" checked={field.value} onCheckedChange={field.onChange} />} />
                <Label htmlFor="p-mct">{t('Send max_completion_tokens')}</Label>
              </div>
              <p className="text-muted-foreground text-xs">{t('For translated requests: OpenAI reasoning models want max_completion_tokens; most OpenAI-compatible servers take max_tokens')}</p>
            </div>
          )}
        </form>
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>{t('Cancel')}</Button>
          <Button type="submit" form="provider-form" disabled={save.isPending}>{t('Save')}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
