import * as React from 'react'
import { Check, Copy } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { useT } from '@/lib/i18n'

/** Shows a newly created secret once; closing the dialog forgets it. */
export function CreatedKeyDialog({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const t = useT()
  const [copied, setCopied] = React.useState(false)
  React.useEffect(() => setCopied(false), [secret])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? '')
      setCopied(true)
    } catch {
      /* clipboard unavailable (plain http); the key is selectable */
    }
  }
  return (
    <Dialog open={!!secret} onOpenChange={(o) => !o && onClose()}>
      <DialogContent onInteractOutside={(e) => e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>{t('API key created')}</DialogTitle>
          <DialogDescription>{t('Copy it now: it will not be shown again.')}</DialogDescription>
        </DialogHeader>
        <div className="flex items-center gap-2">
          <code data-testid="created-key" className="bg-muted flex-1 rounded-md px-3 py-2 font-mono text-sm break-all select-all">{secret}</code>
          <Button variant="outline" size="icon" aria-label={t('Copy')} onClick={copy}>{copied ? <Check /> : <Copy />}</Button>
        </div>
        <DialogFooter>
          <Button onClick={onClose}>{t('Done')}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
