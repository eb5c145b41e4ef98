import * as React from 'react'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { useT } from '@/lib/i18n'
import { useLogBody } from '../api/get-log-body'

const MAX = 200_000

function pretty(s: string | null) {
  if (!s) return ''
  try {
    return JSON.stringify(JSON.parse(s), null, 2)
  } catch {
    return s
  }
}

function Pre({ text }: { text: string }) {
  const t = useT()
  const cut = text.length > MAX
  return (
    <pre className="bg-muted max-h-[50vh] overflow-auto rounded-md p-3 font-mono text-xs break-all whitespace-pre-wrap">
      {cut ? text.slice(0, MAX) : text || t('(empty)')}
      {cut && `\n… ${t('truncated')}`}
    </pre>
  )
}

/** Request and response bodies; an SSE response is shown fragment by fragment. */
export function BodyView({ id, hasBody }: { id: number; hasBody: boolean }) {
  const t = useT()
  const body = useLogBody(id, hasBody)
  const [limit, setLimit] = React.useState(100)
  if (!hasBody) return <p className="text-muted-foreground text-sm">{t('No body stored (enable “Store bodies” on the model).')}</p>
  if (body.isPending) return <p className="text-muted-foreground text-sm">{t('Loading…')}</p>
  if (body.isError) return <p className="text-destructive text-sm">{(body.error as Error).message}</p>
  const events = body.data.response_events
  const cut = [
    body.data.request_truncated ? t('request') : null,
    body.data.response_truncated
      ? events && body.data.events_total
        ? t('response ({kept} of {total} events)', { kept: events.length, total: body.data.events_total })
        : t('response')
      : null,
  ].filter(Boolean)
  return (
    <Tabs defaultValue="request">
      {cut.length > 0 && (
        <p className="text-muted-foreground text-xs" data-testid="body-truncated">
          {t('Stored truncated to the body size cap: {parts}', { parts: cut.join(', ') })}
        </p>
      )}
      <TabsList>
        <TabsTrigger value="request">{t('Request')}</TabsTrigger>
        <TabsTrigger value="response">{events ? t('Response ({n} events)', { n: events.length }) : t('Response')}</TabsTrigger>
      </TabsList>
      <TabsContent value="request"><Pre text={pretty(body.data.request_body)} /></TabsContent>
      <TabsContent value="response">
        {events ? (
          <ol className="max-h-[50vh] space-y-1 overflow-auto" data-testid="sse-events">
            {events.slice(0, limit).map((e, i) => (
              <li key={i} className="bg-muted flex gap-2 rounded-md p-2 font-mono text-xs">
                <span className="text-muted-foreground w-8 shrink-0 text-right">{i + 1}</span>
                <span className="break-all whitespace-pre-wrap">{e}</span>
              </li>
            ))}
            {events.length > limit && (
              <li><button type="button" className="text-primary text-xs underline" onClick={() => setLimit(limit + 200)}>{t('Show more')}</button></li>
            )}
          </ol>
        ) : (
          <Pre text={pretty(body.data.response_body)} />
        )}
      </TabsContent>
    </Tabs>
  )
}
