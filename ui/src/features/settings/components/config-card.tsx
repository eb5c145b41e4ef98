import * as React from 'react'
import { Download, Upload } from 'lucide-react'
import { toast } from 'sonner'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Label } from '@/components/ui/label'
import { Switch } from '@/components/ui/switch'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { useT } from '@/lib/i18n'
import { downloadConfig } from '../api/export-config'
import { useImportConfig, type ImportResult } from '../api/import-config'

/** Export llmio.yaml; import runs a dry run first, shows the diff, then applies. */
export function ConfigCard() {
  const t = useT()
  const [secrets, setSecrets] = React.useState(false)
  const [yaml, setYaml] = React.useState<string | null>(null)
  const [plan, setPlan] = React.useState<ImportResult | null>(null)
  const imp = useImportConfig()
  const fileRef = React.useRef<HTMLInputElement>(null)
  const onFile = async (f: File | undefined) => {
    if (!f) return
    const text = await f.text()
    if (fileRef.current) fileRef.current.value = ''
    const r = await imp.mutateAsync({ yaml: text, dryRun: true })
    setYaml(text)
    setPlan(r)
  }
  const apply = async () => {
    if (!yaml) return
    const r = await imp.mutateAsync({ yaml, dryRun: false })
    toast.success(t('Imported: {n} changes', { n: r.changes.filter((c) => c.action !== 'unchanged').length }))
    setPlan(null)
    setYaml(null)
  }
  const pending = plan?.changes.filter((c) => c.action !== 'unchanged').length ?? 0
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('Configuration file')}</CardTitle>
        <CardDescription>{t('Providers, models and associations as llmio.yaml.')}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap items-center gap-4">
        <Button variant="outline" onClick={() => downloadConfig(secrets).catch(() => {})}><Download /> {t('Export')}</Button>
        <div className="flex items-center gap-2">
          <Switch id="s-secrets" checked={secrets} onCheckedChange={setSecrets} />
          <Label htmlFor="s-secrets">{t('Include secrets')}</Label>
        </div>
        <Button variant="outline" disabled={imp.isPending} onClick={() => fileRef.current?.click()}><Upload /> {t('Import…')}</Button>
        <input ref={fileRef} type="file" accept=".yaml,.yml,text/yaml" className="hidden" data-testid="import-file" onChange={(e) => onFile(e.target.files?.[0]).catch(() => {})} />
      </CardContent>
      <Dialog open={!!plan} onOpenChange={(o) => !o && setPlan(null)}>
        <DialogContent className="sm:max-w-xl">
          <DialogHeader>
            <DialogTitle>{t('Import preview')}</DialogTitle>
            <DialogDescription>{t('Dry run: nothing has changed yet. {n} entries would change.', { n: pending })}</DialogDescription>
          </DialogHeader>
          <div className="max-h-80 overflow-y-auto rounded-md border">
            <Table>
              <TableHeader><TableRow><TableHead>{t('Kind')}</TableHead><TableHead>{t('Name')}</TableHead><TableHead>{t('Action')}</TableHead></TableRow></TableHeader>
              <TableBody>
                {plan?.changes.map((c, i) => (
                  <TableRow key={i}>
                    <TableCell>{t(c.kind)}</TableCell>
                    <TableCell className="font-mono text-xs">{c.name}</TableCell>
                    <TableCell><Badge variant={c.action === 'create' ? 'success' : c.action === 'update' ? 'warning' : 'outline'}>{t(c.action)}</Badge></TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={() => setPlan(null)}>{t('Cancel')}</Button>
            <Button disabled={imp.isPending || pending === 0} onClick={() => apply().catch(() => {})}>{t('Apply')}</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  )
}
