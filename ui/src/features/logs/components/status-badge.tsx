import { Badge } from '@/components/ui/badge'
import { useT } from '@/lib/i18n'

export function StatusBadge({ status, http }: { status: string; http?: number | null }) {
  const t = useT()
  const variant = status === 'success' ? 'success' : status === 'error' ? 'destructive' : 'warning'
  return <Badge variant={variant}>{t(status)}{http ? ` ${http}` : ''}</Badge>
}
