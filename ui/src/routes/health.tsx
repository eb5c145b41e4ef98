import { HealthPage } from '@/features/health/components/health-page'

export default function Route() {
  return <HealthPage />
}
