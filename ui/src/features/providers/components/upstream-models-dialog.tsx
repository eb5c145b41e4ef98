import * as React from 'react'
import { Copy } from 'lucide-react'
import { toast } from 'sonner'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { useT } from '@/lib/i18n'
import { useUpstreamModels } from '../api/get-upstream-models'
import type { Provider } from '../types'

export function UpstreamModelsDialog({ provider, onOpenChange }: { provider: Provider | null; onOpenChange: (o: boolean) => void }) {
  const t = useT()
  const [q, setQ] = React.useState('')
  const models = useUpstreamModels(provider?.id ?? 0, !!provider)
  const items = (models.data?.items ?? []).filter((m) => m.id.toLowerCase().includes(q.toLowerCase()))
  return (
    <Dialog open={!!provider} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t('Upstream models')}: {provider?.name}</DialogTitle>
          <DialogDescription>{t('Models the provider itself lists.')}</DialogDescription>
        </DialogHeader>
        <Input placeholder={t('Search…')} value={q} onChange={(e) => setQ(e.target.value)} />
        <div className="max-h-80 overflow-y-auto rounded-md border">
          {models.isPending && <p className="text-muted-foreground p-3 text-sm">{t('Loading…')}</p>}
          {models.isError && <p className="text-destructive p-3 text-sm">{(models.error as Error).message}</p>}
          {models.data && items.length === 0 && <p className="text-muted-foreground p-3 text-sm">{t('No results.')}</p>}
          {items.slice(0, 500).map((m) => (
            <div key={m.id} className="hover:bg-muted/50 flex items-center justify-between border-b px-3 py-1.5 text-sm last:border-0">
              <span className="font-mono">{m.id}</span>
              <span className="flex items-center gap-2">
                {m.owned_by && <span className="text-muted-foreground text-xs">{m.owned_by}</span>}
                <Button variant="ghost" size="icon" className="size-7" aria-label={t('Copy')} onClick={() => navigator.clipboard?.writeText(m.id).then(() => toast.success(t('Copied')))}>
                  <Copy className="size-3.5" />
                </Button>
              </span>
            </div>
          ))}
        </div>
        {models.data && <p className="text-muted-foreground text-xs">{t('{n} total', { n: models.data.items.length })}</p>}
      </DialogContent>
    </Dialog>
  )
}
