import { PageHeader } from '@/components/page-header'
import { ModelsStatTable } from '@/features/stats/components/models-stat-table'
import { SeriesCharts } from '@/features/stats/components/series-charts'
import { StatCards } from '@/features/stats/components/stat-cards'
import { Badge } from '@/components/ui/badge'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { fmtTime } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { UsageBars } from '@/features/keys/components/usage-bars'
import { useKeySummary } from '../api/get-key-summary'

/** What an API key sees after logging in with itself: its own usage only. */
export function UsagePage() {
  const t = useT()
  const s = useKeySummary()
  const k = s.data?.key
  return (
    <>
      <PageHeader title={k ? t('Usage of {name}', { name: k.name }) : t('Usage')} description={k ? `${k.key} · ${t('Expires')}: ${k.expires_at ? fmtTime(k.expires_at) : t('never')}` : undefined} />
      {k && (
        <div className="flex flex-wrap gap-1">
          {k.allow_all ? <Badge variant="secondary">{t('All models')}</Badge> : k.models.map((m) => <Badge key={m} variant="outline">{m}</Badge>)}
        </div>
      )}
      {k && s.data?.limits && (
        <Card>
          <CardHeader><CardTitle>{t('Budgets and limits')}</CardTitle></CardHeader>
          <CardContent><UsageBars authKey={{ name: k.name, usage: s.data.usage, ...s.data.limits }} /></CardContent>
        </Card>
      )}
      <StatCards total={s.data?.total} today={s.data?.today} />
      <SeriesCharts series={s.data?.series} />
      <Card>
        <CardHeader><CardTitle>{t('Models')}</CardTitle></CardHeader>
        <CardContent><ModelsStatTable items={s.data?.models ?? []} limit={50} /></CardContent>
      </Card>
    </>
  )
}
