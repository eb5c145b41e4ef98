import { PageHeader } from '@/components/page-header'
import { useT } from '@/lib/i18n'
import { useSettings } from '../api/get-settings'
import { ConfigCard } from './config-card'
import { LegacyImportCard } from './legacy-import-card'
import { PricingCard } from './pricing-card'
import { RetentionCard } from './retention-card'

export function SettingsPage() {
  const t = useT()
  const settings = useSettings()
  return (
    <>
      <PageHeader title={t('Settings')} />
      <RetentionCard settings={settings.data} />
      <PricingCard settings={settings.data} />
      <ConfigCard />
      <LegacyImportCard />
    </>
  )
}
