import { Area, AreaChart, Bar, BarChart, CartesianGrid, XAxis, YAxis } from 'recharts'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ChartContainer, ChartLegend, ChartLegendContent, ChartTooltip, ChartTooltipContent, type ChartConfig } from '@/components/ui/chart'
import { fmtCompact } from '@/lib/format'
import { useT } from '@/lib/i18n'
import type { Series } from '../types'

function tick(ts: string, bucket: string) {
  const d = new Date(ts)
  return bucket === 'hour' ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString([], { month: 'short', day: 'numeric' })
}

/** Requests (with errors) and tokens over the selected range. */
export function SeriesCharts({ series, actions }: { series?: Series; actions?: React.ReactNode }) {
  const t = useT()
  const bucket = series?.bucket ?? 'hour'
  const data = (series?.points ?? []).map((p) => ({ ...p, ok: Math.max(0, p.requests - p.errors), label: tick(p.ts, bucket) }))
  const reqConfig = { ok: { label: t('Succeeded'), color: 'var(--chart-2)' }, errors: { label: t('Errors'), color: 'var(--destructive)' } } satisfies ChartConfig
  const tokConfig = { total_tokens: { label: t('Tokens'), color: 'var(--chart-1)' } } satisfies ChartConfig
  return (
    <div className="grid gap-4 *:min-w-0 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>{t('Requests')}</CardTitle>
          <CardDescription>{t('Per {bucket}', { bucket: t(bucket) })}</CardDescription>
          {actions && <div className="col-start-2 row-span-2 row-start-1 self-start justify-self-end">{actions}</div>}
        </CardHeader>
        <CardContent>
          <ChartContainer config={reqConfig} className="aspect-auto h-60 w-full">
            <BarChart data={data} accessibilityLayer>
              <CartesianGrid vertical={false} />
              <XAxis dataKey="label" tickLine={false} axisLine={false} minTickGap={24} />
              <YAxis allowDecimals={false} tickLine={false} axisLine={false} width={40} tickFormatter={(v) => fmtCompact(v)} />
              <ChartTooltip content={<ChartTooltipContent />} />
              <ChartLegend content={<ChartLegendContent />} />
              <Bar isAnimationActive={false} dataKey="ok" stackId="r" fill="var(--color-ok)" radius={[0, 0, 2, 2]} />
              <Bar isAnimationActive={false} dataKey="errors" stackId="r" fill="var(--color-errors)" radius={[2, 2, 0, 0]} />
            </BarChart>
          </ChartContainer>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t('Tokens')}</CardTitle>
          <CardDescription>{t('Per {bucket}', { bucket: t(bucket) })}</CardDescription>
        </CardHeader>
        <CardContent>
          <ChartContainer config={tokConfig} className="aspect-auto h-60 w-full">
            <AreaChart data={data} accessibilityLayer>
              <CartesianGrid vertical={false} />
              <XAxis dataKey="label" tickLine={false} axisLine={false} minTickGap={24} />
              <YAxis tickLine={false} axisLine={false} width={40} tickFormatter={(v) => fmtCompact(v)} />
              <ChartTooltip content={<ChartTooltipContent />} />
              <Area isAnimationActive={false} dataKey="total_tokens" type="monotone" fill="var(--color-total_tokens)" fillOpacity={0.3} stroke="var(--color-total_tokens)" />
            </AreaChart>
          </ChartContainer>
        </CardContent>
      </Card>
    </div>
  )
}
