import * as React from 'react'
import { toast } from 'sonner'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { useT } from '@/lib/i18n'
import { usePutSettings } from '../api/put-settings'
import type { Settings } from '../api/get-settings'

export function PricingCard({ settings }: { settings?: Settings }) {
  const t = useT()
  const put = usePutSettings()
  const [url, setUrl] = React.useState('')
  const [hours, setHours] = React.useState('0')
  React.useEffect(() => {
    if (settings) {
      setUrl(settings.price_sync_url ?? '')
      setHours(settings.price_sync_hours ?? '0')
    }
  }, [settings])
  const urlBad = !!url && !/^https?:\/\/\S+$/.test(url)
  const hoursBad = !/^\d+$/.test(hours)
  const save = () => put.mutate({ price_sync_url: url, price_sync_hours: hours }, { onSuccess: () => toast.success(t('Settings saved')) })
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('Price sync')}</CardTitle>
        <CardDescription>{t('A models.dev-style JSON catalogue fetched on an interval to fill model prices.')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <div className="space-y-1.5">
          <Label htmlFor="s-price-url">{t('Catalogue URL')}</Label>
          <Input id="s-price-url" placeholder="https://models.dev/api.json" aria-invalid={urlBad} value={url} onChange={(e) => setUrl(e.target.value.trim())} />
          {urlBad && <p className="text-destructive text-xs">{t('Must be an http(s) URL')}</p>}
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="s-price-hours">{t('Interval (hours, 0 = off)')}</Label>
          <Input id="s-price-hours" inputMode="numeric" aria-invalid={hoursBad} value={hours} onChange={(e) => setHours(e.target.value.trim())} />
        </div>
      </CardContent>
      <CardFooter>
        <Button disabled={!settings || urlBad || hoursBad || put.isPending} onClick={save}>{t('Save')}</Button>
      </CardFooter>
    </Card>
  )
}
