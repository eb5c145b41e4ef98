import { Copy } from 'lucide-react'
import { toast } from 'sonner'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { useT } from '@/lib/i18n'

/** The command that imports an original llmio (Go) database; it runs on the server, not in the browser. */
export const LEGACY_IMPORT_COMMAND = "./llmio import-legacy --from 'postgres://user:pass@host:5432/llmio?sslmode=disable' --dry-run"

export function LegacyImportCard() {
  const t = useT()
  const copy = () => navigator.clipboard?.writeText(LEGACY_IMPORT_COMMAND).then(() => toast.success(t('Copied')))
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('Coming from llmio (Go)')}</CardTitle>
        <CardDescription>
          {t('Import providers, models, associations, API keys (they keep working), prices and settings from the original llmio\'s PostgreSQL or MySQL database. Run on the server, next to this llmio:')}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-2">
        <div className="flex items-start gap-2">
          <pre data-testid="legacy-import-command" className="bg-muted flex-1 overflow-x-auto rounded-md p-3 font-mono text-xs">{LEGACY_IMPORT_COMMAND}</pre>
          <Button variant="ghost" size="icon" aria-label={t('Copy')} onClick={() => copy()?.catch(() => {})}><Copy /></Button>
        </div>
        <p className="text-muted-foreground text-xs">
          {t('MySQL: --from \'user:pass@tcp(host:3306)/llmio\'. Without --dry-run it writes; --logs brings the request history too. Running it again changes nothing.')}
        </p>
      </CardContent>
    </Card>
  )
}
