import * as React from 'react'
import { toast } from 'sonner'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { useT } from '@/lib/i18n'
import { useCleanupLogs } from '../api/cleanup-logs'
import { usePutSettings } from '../api/put-settings'
import type { Settings } from '../api/get-settings'

/** Settings fields edited as non-negative integers; a bad value blocks saving. */
export function NumberSettingsCard({ title, description, fields, settings, children }: {
  title: string
  description: string
  fields: { key: string; label: string; hint?: string }[]
  settings?: Settings
  children?: React.ReactNode
}) {
  const t = useT()
  const put = usePutSettings()
  const [draft, setDraft] = React.useState<Record<string, string>>({})
  React.useEffect(() => {
    if (settings) setDraft(Object.fromEntries(fields.map((f) => [f.key, settings[f.key] ?? '0'])))
  }, [settings]) // eslint-disable-line react-hooks/exhaustive-deps
  const invalid = fields.filter((f) => !/^\d+$/.test(draft[f.key] ?? ''))
  const changed = Object.fromEntries(Object.entries(draft).filter(([k, v]) => settings?.[k] !== v))
  const save = () => put.mutate(changed, { onSuccess: () => toast.success(t('Settings saved')) })
  return (
    <Card>
      <CardHeader><CardTitle>{title}</CardTitle><CardDescription>{description}</CardDescription></CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2">
        {fields.map((f) => (
          <div key={f.key} className="space-y-1.5">
            <Label htmlFor={`s-${f.key}`}>{f.label}</Label>
            <Input id={`s-${f.key}`} inputMode="numeric" aria-invalid={invalid.includes(f)} value={draft[f.key] ?? ''} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value.trim() })} />
            {invalid.includes(f) ? <p className="text-destructive text-xs">{t('Must be 0 or more')}</p> : f.hint && <p className="text-muted-foreground text-xs">{f.hint}</p>}
          </div>
        ))}
      </CardContent>
      <CardFooter className="flex flex-wrap gap-2">
        <Button disabled={!settings || invalid.length > 0 || Object.keys(changed).length === 0 || put.isPending} onClick={save}>{t('Save')}</Button>
        {children}
      </CardFooter>
    </Card>
  )
}

export function RetentionCard({ settings }: { settings?: Settings }) {
  const t = useT()
  const cleanup = useCleanupLogs()
  const days = Number(settings?.log_retention_days ?? 0)
  const run = () => {
    if (!days) {
      toast.error(t('Set log retention days first'))
      return
    }
    cleanup.mutate({ older_than_days: days }, { onSuccess: (r) => toast.success(t('Deleted {n} rows', { n: r.deleted })) })
  }
  return (
    <NumberSettingsCard
      title={t('Retention')}
      description={t('Runs daily. 0 = keep forever.')}
      settings={settings}
      fields={[
        { key: 'log_retention_days', label: t('Keep logs (days)') },
        { key: 'log_retention_rows', label: t('Keep logs (rows)') },
        { key: 'body_retention_days', label: t('Keep bodies (days)') },
        { key: 'body_retention_rows', label: t('Keep bodies (rows)') },
      ]}
    >
      <Button variant="outline" disabled={cleanup.isPending} onClick={run}>{t('Clean up now')}</Button>
    </NumberSettingsCard>
  )
}
